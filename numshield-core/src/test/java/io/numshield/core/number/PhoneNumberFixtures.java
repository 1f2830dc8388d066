package io.numshield.core.number;

import java.util.List;

/**
 * Phone numbers for the core's own tests, built like
 * {@code io.numshield.testsupport.PhoneFixtures} (which this module cannot use:
 * test-support depends on numshield-core). Every number comes from the
 * {@code xxx0000nnnn} corner of its series, valid for libphonenumber but never a real
 * person's.
 */
public final class PhoneNumberFixtures {

	private PhoneNumberFixtures() {
	}

	/**
	 * The n-th fixture mobile of the 138 series in national form, {@code 138000nnnnn}.
	 */
	public static String mobile(int n) {
		return "138000" + String.format("%05d", checked(n, 100_000));
	}

	/**
	 * The n-th fixture mobile of the 139 series in national form, {@code 139000nnnnn}.
	 */
	public static String otherMobile(int n) {
		return "139000" + String.format("%05d", checked(n, 100_000));
	}

	/** A Shanghai fixed line with its area code in national form, {@code 0216000nnnn}. */
	public static String fixedLine(int n) {
		return "0216000" + String.format("%04d", checked(n, 10_000));
	}

	/** The E.164 form of a fixture number in national form. */
	public static String e164(String national) {
		return "+86" + (national.startsWith("0") ? national.substring(1) : national);
	}

	/**
	 * Every written form a leak of this number could take: national, E.164, E.164 without
	 * the plus.
	 */
	public static List<String> forms(String national) {
		String e164 = e164(national);
		return List.of(national, e164, e164.substring(1));
	}

	private static int checked(int n, int bound) {
		if (n < 0 || n >= bound) {
			throw new IllegalArgumentException("fixture index out of range");
		}
		return n;
	}

}
