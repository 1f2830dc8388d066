package io.numshield.core.redis;

import io.numshield.core.number.VirtualShard;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A binding id: the two-digit shard tag, then 14 random Crockford base-32 characters (70 bits).
 * The shard in front lets any service find the binding in one step.
 */
public record BindingId(String value) {

	private static final Pattern FORMAT = Pattern.compile("[0-9]{2}[0-9A-HJKMNP-TV-Z]{14}");

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	public BindingId {
		if (value == null || !FORMAT.matcher(value).matches() || Integer.parseInt(value.substring(0, 2)) >= VirtualShard.COUNT) {
			throw new IllegalArgumentException("not a binding id");
		}
	}

	public static boolean isValid(String value) {
		return value != null && FORMAT.matcher(value).matches() && Integer.parseInt(value.substring(0, 2)) < VirtualShard.COUNT;
	}

	/** A fresh id on a shard. */
	public static BindingId random(VirtualShard shard) {
		return withSuffix(shard, randomSuffix());
	}

	/** The same random part on another shard: one request keeps one identity while it tries blocks. */
	public static BindingId withSuffix(VirtualShard shard, String suffix) {
		return new BindingId(shard.tag() + suffix);
	}

	/**
	 * 14 characters of 5 random bits each, from one draw of 9 bytes (72 bits, 70 used): the same
	 * 70 bits of entropy as a draw per character, but one pass through the DRBG's lock and hash
	 * instead of 14 ({@code SecureRandom} was ≈ 4 % of a bind's samples).
	 */
	public static String randomSuffix() {
		byte[] bytes = new byte[9];
		RANDOM.nextBytes(bytes);
		long bits = 0;
		for (int i = 0; i < 8; i++) {
			bits = (bits << 8) | (bytes[i] & 0xFF);
		}
		char[] out = new char[14];
		for (int i = 0; i < 12; i++) {
			out[i] = ALPHABET[(int) (bits >>> (59 - 5 * i)) & 31]; // 12 x 5 of the 64 bits
		}
		int rest = (int) (bits & 0xF) << 8 | (bytes[8] & 0xFF); // the last 4 bits and 8 more: 12 bits
		out[12] = ALPHABET[(rest >>> 7) & 31];
		out[13] = ALPHABET[(rest >>> 2) & 31];
		return new String(out);
	}

	public VirtualShard shard() {
		return VirtualShard.fromTag(value.substring(0, 2));
	}

	public String suffix() {
		return value.substring(2);
	}

	@Override
	public String toString() {
		return value;
	}
}
