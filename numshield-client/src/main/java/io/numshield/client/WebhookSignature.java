package io.numshield.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a platform callback, after Standard Webhooks: headers
 * {@value #ID_HEADER}, {@value #TIMESTAMP_HEADER} (unix seconds) and
 * {@value #SIGNATURE_HEADER} ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}).
 * The HMAC key is the base64 decoding of the platform's {@code callbackSecret} after its
 * {@code whsec_} prefix; both base64 alphabets are read (secrets issued before were
 * URL-safe without padding, new ones are standard base64, as off-the-shelf Standard
 * Webhooks libraries expect). Used by call-routing-service to sign and by
 * {@link WebhookVerifier} to check.
 */
public final class WebhookSignature {

	public static final String ID_HEADER = "webhook-id";

	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	public static final String SIGNATURE_HEADER = "webhook-signature";

	public static final String SECRET_PREFIX = "whsec_";

	private WebhookSignature() {
	}

	/** The {@value #SIGNATURE_HEADER} value for one delivery: {@code v1,<base64>}. */
	public static String sign(String secret, String id, long timestamp, String body) {
		return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id, timestamp, body));
	}

	/**
	 * The HMAC key of a callback secret: base64 (either alphabet, padding optional) after
	 * {@code whsec_}.
	 */
	public static byte[] key(String secret) {
		String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		String standard = encoded.strip().replace('-', '+').replace('_', '/');
		while (standard.length() % 4 != 0) {
			standard += "=";
		}
		byte[] key = Base64.getDecoder().decode(standard);
		if (key.length == 0) {
			throw new IllegalArgumentException("the callback secret holds no key");
		}
		return key;
	}

	static byte[] hmac(byte[] key, String id, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
