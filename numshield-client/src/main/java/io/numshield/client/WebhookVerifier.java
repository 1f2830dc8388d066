package io.numshield.client;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks a NumShield callback (Standard Webhooks, see {@link WebhookSignature}) before a
 * platform acts on it: the signature, compared in constant time, over
 * {@code id.timestamp.body} with the platform's {@code callbackSecret}, and a timestamp
 * within the tolerance (default 5 minutes either way), so a captured delivery cannot be
 * replayed later. Within the tolerance a receiver that must not act twice de-duplicates
 * on {@code webhook-id} (also the payload's {@code eventId}).
 *
 * <pre>
 * WebhookVerifier verifier = new WebhookVerifier(callbackSecret);
 * String id = verifier.verify(request.headers(), body); // throws WebhookVerificationException
 * </pre> The body must be the exact bytes received (as UTF-8), not JSON parsed and
 * written again. Thread-safe.
 */
public final class WebhookVerifier {

	/** The default tolerance of the Standard Webhooks libraries. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private final byte[] key;

	private final Duration tolerance;

	private final Clock clock;

	public WebhookVerifier(String callbackSecret) {
		this(callbackSecret, DEFAULT_TOLERANCE, Clock.systemUTC());
	}

	public WebhookVerifier(String callbackSecret, Duration tolerance, Clock clock) {
		this.key = WebhookSignature.key(callbackSecret);
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Verifies a delivery from its headers (names in any case; a value list as servlet
	 * containers and {@code java.net.http} give them) and body; answers its
	 * {@code webhook-id}.
	 */
	public String verify(Map<String, List<String>> headers, String body) {
		return verify(header(headers, WebhookSignature.ID_HEADER), header(headers, WebhookSignature.TIMESTAMP_HEADER),
				header(headers, WebhookSignature.SIGNATURE_HEADER), body);
	}

	/**
	 * Verifies a delivery from its three header values and body; answers
	 * {@code webhookId}.
	 */
	public String verify(String webhookId, String webhookTimestamp, String webhookSignature, String body) {
		if (webhookId == null || webhookTimestamp == null || webhookSignature == null || body == null) {
			throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature");
		}
		long timestamp;
		try {
			timestamp = Long.parseLong(webhookTimestamp.strip());
		}
		catch (NumberFormatException ex) {
			throw new WebhookVerificationException("webhook-timestamp is not unix seconds");
		}
		long now = clock.instant().getEpochSecond();
		if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
			throw new WebhookVerificationException("webhook-timestamp is outside the tolerance of " + tolerance);
		}
		byte[] expected = WebhookSignature.hmac(key, webhookId, timestamp, body);
		// several signatures, space-separated, while a secret is being rotated
		for (String candidate : webhookSignature.strip().split(" +")) {
			int comma = candidate.indexOf(',');
			if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
				continue;
			}
			byte[] given;
			try {
				given = Base64.getDecoder().decode(candidate.substring(comma + 1));
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			if (MessageDigest.isEqual(expected, given)) {
				return webhookId;
			}
		}
		throw new WebhookVerificationException("no valid v1 signature");
	}

	private static String header(Map<String, List<String>> headers, String name) {
		for (Map.Entry<String, List<String>> e : headers.entrySet()) {
			if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null
					&& !e.getValue().isEmpty()) {
				return e.getValue().get(0);
			}
		}
		return null;
	}

}
