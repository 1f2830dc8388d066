package io.numshield.client;

/**
 * A callback that is not to be trusted: missing headers, a wrong signature, or a
 * timestamp too far off.
 */
public class WebhookVerificationException extends RuntimeException {

	public WebhookVerificationException(String message) {
		super(message);
	}

}
