package io.numshield.core.number;

import java.util.regex.Pattern;

/**
 * An 11-digit management number. In the 700 segment ({@code 700} + 8 digits) it names a
 * block of 10,000 usage numbers ({@code 700} + 12 digits). A LEGACY privacy number (11
 * digits, {@code 1} first) is its own block of one.
 */
public record ManagementNumber(String digits) {

	private static final Pattern SEGMENT_700 = Pattern.compile("700\\d{8}");

	private static final Pattern LEGACY = Pattern.compile("1\\d{10}");

	/** Usage numbers in one 700 block. */
	public static final int SEGMENT_BLOCK_SIZE = 10_000;

	public ManagementNumber {
		if (digits == null || !(SEGMENT_700.matcher(digits).matches() || LEGACY.matcher(digits).matches())) {
			throw new InvalidVirtualNumberException(
					"a management number is 11 digits: 700 and 8 more, or a legacy 1xx number");
		}
	}

	/**
	 * Parses a 700-segment management block ({@code 700} + 8 digits) and nothing else.
	 */
	public static ManagementNumber segment700(String digits) {
		if (digits == null || !SEGMENT_700.matcher(digits).matches()) {
			throw new InvalidVirtualNumberException("a 700 management number is 700 followed by 8 digits");
		}
		return new ManagementNumber(digits);
	}

	/** Parses a legacy 11-digit privacy number, which is a block of one. */
	public static ManagementNumber legacy(String digits) {
		if (digits == null || !LEGACY.matcher(digits).matches()) {
			throw new InvalidVirtualNumberException("a legacy number is 11 digits starting with 1");
		}
		return new ManagementNumber(digits);
	}

	public boolean isSegment700() {
		return digits.startsWith("700");
	}

	/** How many usage numbers the block holds. */
	public int size() {
		return isSegment700() ? SEGMENT_BLOCK_SIZE : 1;
	}

	/** The usage number at {@code index} (0-based) in this block. */
	public VirtualNumber numberAt(int index) {
		if (index < 0 || index >= size()) {
			throw new IndexOutOfBoundsException("index " + index + " outside a block of " + size());
		}
		return isSegment700() ? new VirtualNumber(digits + String.format("%04d", index)) : new VirtualNumber(digits);
	}

	public VirtualShard shard() {
		return VirtualShard.of(this);
	}

	@Override
	public String toString() {
		return digits;
	}
}
