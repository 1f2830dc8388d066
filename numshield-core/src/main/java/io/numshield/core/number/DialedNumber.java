package io.numshield.core.number;

/**
 * What a caller dialed: a virtual number, and the extension of an AXE binding when one
 * was dialed (ADR 0022). The extension comes either on its own (a carrier's field for
 * what its IVR collected) or after the number in {@code called}: {@code X,NNNN},
 * {@code X#NNNN}, or the digits right after X ({@code 700…NNNN}: 15 digits and then the
 * extension; an 11-digit legacy number and then the extension). An extension is 1..6
 * digits.
 *
 * @param number the virtual number dialed
 * @param extension the extension dialed, or null
 */
public record DialedNumber(VirtualNumber number, String extension) {

	/** An extension as the contract has it. */
	public static final String EXTENSION_PATTERN = "[0-9]{1,6}";

	private static final int MAX_EXTENSION_DIGITS = 6;

	/**
	 * Parses {@code called} and a separately given {@code extension} (or null); both may
	 * name the extension only when they agree.
	 */
	public static DialedNumber parse(String called, String extension) {
		if (called == null) {
			throw new InvalidVirtualNumberException("a virtual number is required");
		}
		String s = called.strip();
		String number = s;
		String dialed = null;
		int separator = Math.max(s.indexOf(','), s.indexOf('#'));
		if (separator >= 0) {
			number = s.substring(0, separator);
			dialed = s.substring(separator + 1);
		}
		else {
			String digits = s.startsWith("+86") ? s.substring(3) : s;
			if (digits.length() > 17 && digits.startsWith("86700")) {
				digits = digits.substring(2);
			}
			int length = digits.startsWith("700") ? 15 : 11;
			if (digits.length() > length && digits.chars().allMatch(Character::isDigit)) {
				number = digits.substring(0, length);
				dialed = digits.substring(length);
			}
		}
		if (dialed != null && !isExtension(dialed)) {
			throw new InvalidVirtualNumberException("an extension is 1.." + MAX_EXTENSION_DIGITS + " digits");
		}
		if (extension != null) {
			if (!isExtension(extension)) {
				throw new InvalidVirtualNumberException("an extension is 1.." + MAX_EXTENSION_DIGITS + " digits");
			}
			if (dialed != null && !dialed.equals(extension)) {
				throw new InvalidVirtualNumberException("called and extension name different extensions");
			}
			dialed = extension;
		}
		return new DialedNumber(VirtualNumber.parse(number), dialed);
	}

	private static boolean isExtension(String text) {
		return !text.isEmpty() && text.length() <= MAX_EXTENSION_DIGITS && text.chars().allMatch(Character::isDigit);
	}

	/** The extension, or "" when none was dialed (a script argument). */
	public String extensionOrEmpty() {
		return extension == null ? "" : extension;
	}

}
