package io.numshield.core.id;

/**
 * One identifier rule: 1 to {@code maxLength} ASCII letters and digits plus a few
 * punctuation characters. Checked by hand against two 64-bit masks rather than with a
 * regular expression: {@code String.matches} compiles its pattern on every call and a
 * compiled {@code Matcher} still allocates, and these checks run for every token, bind
 * and call event. Each type's {@code PATTERN} says the same in the contract's words;
 * {@code IdTypesTests} holds both to it.
 */
final class IdRule {

	private final String name;

	private final int maxLength;

	private final long low;

	private final long high;

	private final String description;

	/**
	 * @param name the contract's field name, for the failure's message
	 * @param punctuation the ASCII characters allowed besides letters and digits
	 */
	IdRule(String name, String punctuation, int maxLength) {
		this.name = name;
		this.maxLength = maxLength;
		String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + punctuation;
		long lowBits = 0;
		long highBits = 0;
		for (int i = 0; i < allowed.length(); i++) {
			char c = allowed.charAt(i);
			if (c < 64) {
				lowBits |= 1L << c;
			}
			else {
				highBits |= 1L << (c - 64);
			}
		}
		this.low = lowBits;
		this.high = highBits;
		this.description = name + " must be 1.." + maxLength + " of [A-Za-z0-9" + punctuation + "]";
	}

	boolean accepts(String value) {
		if (value == null || value.isEmpty() || value.length() > this.maxLength) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = c < 64 ? (this.low & (1L << c)) != 0 : c < 128 && (this.high & (1L << (c - 64))) != 0;
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The value if it is valid; else a failure that names the rule and never quotes the
	 * value.
	 */
	String require(String value) {
		if (!accepts(value)) {
			throw new IllegalArgumentException(value == null ? this.name + " is required" : this.description);
		}
		return value;
	}

}
