package io.numshield.core.number;

import java.util.regex.Pattern;

/**
 * A number that platforms lease: a 15-digit usage number of the 700 segment ({@code 700}
 * + 12 digits), or, until the transition cut-over, an 11-digit legacy privacy number. Not
 * personal data.
 */
public record VirtualNumber(String digits) {

	private static final Pattern SEGMENT_700 = Pattern.compile("700\\d{12}");

	private static final Pattern LEGACY = Pattern.compile("1\\d{10}");

	public VirtualNumber {
		if (digits == null || !(SEGMENT_700.matcher(digits).matches() || LEGACY.matcher(digits).matches())) {
			throw new InvalidVirtualNumberException("a virtual number is 700 followed by 12 digits");
		}
	}

	/**
	 * Parses what a client sent: 15 digits {@code 700...}, or a legacy 11-digit number.
	 * An optional leading {@code +86} or {@code 86} in front of a 700 number is accepted
	 * and dropped.
	 */
	public static VirtualNumber parse(String text) {
		if (text == null) {
			throw new InvalidVirtualNumberException("a virtual number is required");
		}
		String s = text.strip();
		if (s.startsWith("+86")) {
			s = s.substring(3);
		}
		else if (s.length() == 17 && s.startsWith("86700")) {
			s = s.substring(2);
		}
		return new VirtualNumber(s);
	}

	/** Parses a 700-segment usage number only. */
	public static VirtualNumber segment700(String text) {
		VirtualNumber number = parse(text);
		if (!number.isSegment700()) {
			throw new InvalidVirtualNumberException("a virtual number is 700 followed by 12 digits");
		}
		return number;
	}

	public boolean isSegment700() {
		return digits.length() == 15;
	}

	public ManagementNumber managementNumber() {
		return new ManagementNumber(isSegment700() ? digits.substring(0, 11) : digits);
	}

	/** Position of this number inside its management block. */
	public int indexInBlock() {
		return isSegment700() ? Integer.parseInt(digits.substring(11)) : 0;
	}

	public VirtualShard shard() {
		return VirtualShard.of(managementNumber());
	}

	@Override
	public String toString() {
		return digits;
	}
}
