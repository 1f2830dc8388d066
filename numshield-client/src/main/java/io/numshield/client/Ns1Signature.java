package io.numshield.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The contract's request signature, used alike by clients (to sign) and by the gateway
 * (to check): <pre>
 * Authorization: NS1-HMAC-SHA256 KeyId=&lt;keyId&gt;,Timestamp=&lt;unix seconds&gt;,Nonce=&lt;16..64 [A-Za-z0-9-]&gt;,Signature=&lt;base64&gt;
 * string to sign = "NS1-HMAC-SHA256" \n METHOD \n PATH \n CANONICAL_QUERY \n TIMESTAMP \n NONCE \n IDEMPOTENCY_KEY \n hex(sha256(body))
 * </pre> {@code IDEMPOTENCY_KEY} is the {@code Idempotency-Key} header's value, empty
 * without one: a key swapped in transit would otherwise replay or split a client's
 * retries. The HMAC key is the UTF-8 bytes of the secret exactly as
 * {@code POST /v1/api-keys} returned it.
 */
public final class Ns1Signature {

	public static final String SCHEME = "NS1-HMAC-SHA256";

	/**
	 * The form {@link #parse} accepts, as a pattern (documentation, and the reference its
	 * tests compare the hand-written parser with): the gateway parses every request's
	 * header, and the pattern's matcher was 3 % of its CPU (docs/benchmarks.md).
	 */
	static final String HEADER_FORM = "NS1-HMAC-SHA256 KeyId=([A-Za-z0-9_.-]{1,64}),Timestamp=([0-9]{1,12}),"
			+ "Nonce=([A-Za-z0-9-]{16,64}),Signature=([A-Za-z0-9+/=]{1,128})";

	private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		.toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String EMPTY_BODY_HASH = HexFormat.of().formatHex(sha256(new byte[0]));

	private Ns1Signature() {
	}

	/** The parts of a parsed {@code Authorization} header. */
	public record Credentials(String keyId, long timestamp, String nonce, String signature) {
	}

	/**
	 * Parses an {@code Authorization} value; {@code null} when it is not a well-formed
	 * NS1 header.
	 */
	public static Credentials parse(String authorization) {
		if (authorization == null) {
			return null;
		}
		String h = authorization.strip();
		int keyId = h.startsWith("NS1-HMAC-SHA256 KeyId=") ? "NS1-HMAC-SHA256 KeyId=".length() : -1;
		int timestamp = field(h, keyId, 1, 64, ",Timestamp=", Ns1Signature::keyIdChar);
		int nonce = field(h, timestamp, 1, 12, ",Nonce=", c -> c >= '0' && c <= '9');
		int signature = field(h, nonce, 16, 64, ",Signature=", c -> alphanumeric(c) || c == '-');
		int end = field(h, signature, 1, 128, "", c -> alphanumeric(c) || c == '+' || c == '/' || c == '=');
		if (end != h.length()) {
			return null;
		}
		return new Credentials(h.substring(keyId, timestamp - ",Timestamp=".length()),
				Long.parseLong(h, timestamp, nonce - ",Nonce=".length(), 10),
				h.substring(nonce, signature - ",Signature=".length()), h.substring(signature));
	}

	/**
	 * Reads {@code min} to {@code max} characters of a class from {@code from}, then
	 * {@code next} (nothing: the end of the text); answers where the text after
	 * {@code next} starts, or -1.
	 */
	private static int field(String h, int from, int min, int max, String next, IntPredicate allowed) {
		if (from < 0) {
			return -1;
		}
		int i = from;
		while (i < h.length() && i - from < max && allowed.test(h.charAt(i))) {
			i++;
		}
		if (i - from < min) {
			return -1;
		}
		if (next.isEmpty()) {
			return i;
		}
		return h.startsWith(next, i) ? i + next.length() : -1;
	}

	private static boolean alphanumeric(int c) {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
	}

	private static boolean keyIdChar(int c) {
		return alphanumeric(c) || c == '_' || c == '.' || c == '-';
	}

	/** The {@code Authorization} value for one request. */
	public static String authorization(String keyId, String secret, String method, String path, String rawQuery,
			byte[] body, long timestamp, String nonce) {
		return authorization(keyId, secret, method, path, rawQuery, null, body, timestamp, nonce);
	}

	/**
	 * The {@code Authorization} value for one request that carries an
	 * {@code Idempotency-Key} ({@code null}: none).
	 */
	public static String authorization(String keyId, String secret, String method, String path, String rawQuery,
			String idempotencyKey, byte[] body, long timestamp, String nonce) {
		String signature = sign(secret,
				stringToSign(method, path, canonicalQuery(rawQuery), timestamp, nonce, idempotencyKey, body));
		return SCHEME + " KeyId=" + keyId + ",Timestamp=" + timestamp + ",Nonce=" + nonce + ",Signature=" + signature;
	}

	public static String stringToSign(String method, String path, String canonicalQuery, long timestamp, String nonce,
			String idempotencyKey, byte[] body) {
		String bodyHash = body == null || body.length == 0 ? EMPTY_BODY_HASH : HexFormat.of().formatHex(sha256(body));
		return SCHEME + '\n' + method.toUpperCase(java.util.Locale.ROOT) + '\n' + path + '\n' + canonicalQuery + '\n'
				+ timestamp + '\n' + nonce + '\n' + (idempotencyKey == null ? "" : idempotencyKey) + '\n' + bodyHash;
	}

	/** base64(HMAC-SHA256(secret, stringToSign)). */
	public static String sign(String secret, String stringToSign) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/** Compares two signatures in constant time. */
	public static boolean matches(String expected, String given) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				given.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Query parameters sorted by name then value, each {@code name=value} RFC 3986
	 * percent-encoded, joined by {@code &}. Takes the raw (still encoded) query as it
	 * travels; decodes, then encodes again, so that {@code a=%7e} and {@code a=~} sign
	 * alike.
	 */
	public static String canonicalQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> pairs = new ArrayList<>();
		for (String part : rawQuery.split("&")) {
			if (part.isEmpty()) {
				continue;
			}
			int eq = part.indexOf('=');
			String name = eq < 0 ? part : part.substring(0, eq);
			String value = eq < 0 ? "" : part.substring(eq + 1);
			pairs.add(new String[] { encode(decode(name)), encode(decode(value)) });
		}
		pairs.sort((x, y) -> {
			int byName = x[0].compareTo(y[0]);
			return byName != 0 ? byName : x[1].compareTo(y[1]);
		});
		StringBuilder out = new StringBuilder();
		for (String[] pair : pairs) {
			if (!out.isEmpty()) {
				out.append('&');
			}
			out.append(pair[0]).append('=').append(pair[1]);
		}
		return out.toString();
	}

	/** Builds a raw query from parameters (RFC 3986 encoded), for clients. */
	public static String query(Map<String, String> parameters) {
		StringBuilder out = new StringBuilder();
		parameters.forEach((name, value) -> {
			if (!out.isEmpty()) {
				out.append('&');
			}
			out.append(encode(name)).append('=').append(encode(value));
		});
		return out.toString();
	}

	/** A fresh random nonce of 32 characters. */
	public static String nonce() {
		char[] chars = new char[32];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
		}
		return new String(chars);
	}

	/**
	 * RFC 3986: unreserved characters stay, every other UTF-8 byte becomes %XX
	 * (upper-case hex).
	 */
	public static String encode(String value) {
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

	/**
	 * Percent-decoding; {@code +} stays a plus (RFC 3986, not HTML forms). Malformed
	 * escapes stay as they are.
	 */
	static String decode(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(value.length());
		int i = 0;
		while (i < value.length()) {
			char c = value.charAt(i);
			if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
					&& Character.digit(value.charAt(i + 2), 16) >= 0) {
				bytes.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
				i += 3;
			}
			else {
				int end = i + Character.charCount(value.codePointAt(i));
				bytes.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end;
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	static byte[] sha256(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

}
