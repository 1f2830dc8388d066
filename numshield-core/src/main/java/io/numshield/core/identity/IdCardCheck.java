package io.numshield.core.identity;

/**
 * The check character of a PRC resident identity card number (GB 11643-1999, ISO 7064 MOD
 * 11-2).
 */
public final class IdCardCheck {

	private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

	private static final String CHECK = "10X98765432";

	private IdCardCheck() {
	}

	/** The check character of the first 17 digits. */
	public static char of(String first17) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK.charAt(sum % 11);
	}

	/**
	 * Whether an 18-character number (17 digits, then a digit or X) ends in its check
	 * character.
	 */
	static boolean valid(String number) {
		return number.length() == 18 && of(number.substring(0, 17)) == number.charAt(17);
	}

}
