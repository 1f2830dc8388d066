package io.numshield.core.redis;

import io.numshield.core.number.VirtualShard;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A binding id: the two-digit shard tag, then 14 random Crockford base-32 characters (70
 * bits). The shard in front lets any service find the binding in one step.
 */
public record BindingId(String value) {

	/**
	 * The contract's format, for a Jakarta {@code @Pattern}; {@link #isValid} also
	 * refuses a shard tag of {@link VirtualShard#COUNT} or more, which no id ever has.
	 */
	public static final String PATTERN = "[0-9]{2}[0-9A-HJKMNP-TV-Z]{14}";

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Per ASCII character its value in {@link #ALPHABET}, or -1. */
	private static final byte[] DIGIT_VALUE = new byte[128];

	static {
		Arrays.fill(DIGIT_VALUE, (byte) -1);
		for (int i = 0; i < ALPHABET.length; i++) {
			DIGIT_VALUE[ALPHABET[i]] = (byte) i;
		}
	}

	public BindingId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("not a binding id");
		}
	}

	/**
	 * Two decimal digits naming a shard, then 14 characters of the Crockford alphabet
	 * (upper case, no I, L, O, U). Checked by hand: a regular expression here was a fifth
	 * of a bind's samples.
	 */
	public static boolean isValid(String value) {
		if (value == null || value.length() != 16) {
			return false;
		}
		char tens = value.charAt(0);
		char ones = value.charAt(1);
		if (tens < '0' || tens > '9' || ones < '0' || ones > '9'
				|| (tens - '0') * 10 + (ones - '0') >= VirtualShard.COUNT) {
			return false;
		}
		for (int i = 2; i < 16; i++) {
			char c = value.charAt(i);
			if (c >= 128 || DIGIT_VALUE[c] < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static BindingId of(String value) {
		return new BindingId(value);
	}

	/** A fresh id on a shard. */
	public static BindingId random(VirtualShard shard) {
		return withSuffix(shard, randomSuffix());
	}

	/**
	 * The same random part on another shard: one request keeps one identity while it
	 * tries blocks.
	 */
	public static BindingId withSuffix(VirtualShard shard, String suffix) {
		return new BindingId(shard.tag() + suffix);
	}

	/**
	 * 14 characters of 5 random bits each, from one draw of 9 bytes (72 bits, 70 used):
	 * the same 70 bits of entropy as a draw per character, but one pass through the
	 * DRBG's lock and hash instead of 14 ({@code SecureRandom} showed in a bind's
	 * profile: docs/benchmarks.md).
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
			out[i] = ALPHABET[(int) (bits >>> (59 - 5 * i)) & 31]; // 12 x 5 of the 64
																	// bits
		}
		int rest = (int) (bits & 0xF) << 8 | (bytes[8] & 0xFF); // the last 4 bits and 8
																// more: 12 bits
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
