package io.numshield.core.number;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Which 11-digit mainland mobiles libphonenumber accepts, answered from their first
 * {@value #DEPTH} digits so that the common request (a party's or a caller's mobile)
 * skips its parse, validation and type regexes (libphonenumber showed in a bind's
 * profile, once per party: docs/benchmarks.md).
 *
 * <p>
 * Why {@value #DEPTH} digits: libphonenumber's CN mobile pattern
 * ({@code 1740[0-5]\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}}) decides
 * at the fifth digit at the latest, every later digit is {@code \d}, and no other CN
 * pattern takes an 11-digit number starting with 1. The table is not written by hand:
 * each prefix's answer is libphonenumber's own verdict on that prefix followed by zeros,
 * computed on first use, and {@code MobilePrefixesTests} compares the fast answer with
 * the full parse over every prefix of this depth (with random completions and every
 * written form), so a metadata update that moves the decision deeper fails the build
 * instead of answering wrongly.
 *
 * <p>
 * The table only ever says "valid": a prefix it does not vouch for, and every refusal,
 * goes through the full parse, whose messages are part of the contract.
 */
final class MobilePrefixes {

	/**
	 * The number of leading digits (the leading 1 included) that decide a mobile's
	 * validity.
	 */
	static final int DEPTH = 5;

	private static final int PREFIXES = 10_000; // 1xxxx: the 4 digits after the leading 1

	private static final long COMPLETION = 1_000_000L; // 11 - DEPTH digits

	private static final byte UNKNOWN = 0;

	private static final byte VALID = 1;

	private static final byte NOT_VOUCHED = 2;

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/*
	 * A plain array filled on first use (10,000 prefixes, each a libphonenumber parse,
	 * would slow every start if filled at class load). The race is benign: a prefix's
	 * byte is a pure function of the metadata, so two threads computing it at once write
	 * the same value, and a thread that does not see another's write yet merely computes
	 * it again.
	 */
	private static final byte[] STATES = new byte[PREFIXES];

	private MobilePrefixes() {
	}

	/**
	 * Whether every 11-digit number {@code 1dddd......} with these four digits
	 * {@code dddd} ({@code 0..9999}) is a mobile libphonenumber accepts for CN.
	 */
	static boolean vouchesFor(int fourDigitsAfterOne) {
		byte state = STATES[fourDigitsAfterOne];
		if (state == UNKNOWN) {
			state = verdict(fourDigitsAfterOne) ? VALID : NOT_VOUCHED;
			STATES[fourDigitsAfterOne] = state;
		}
		return state == VALID;
	}

	/**
	 * libphonenumber's verdict on the prefix followed by zeros, as {@link RealNumber}'s
	 * full path judges a mobile.
	 */
	static boolean verdict(int fourDigitsAfterOne) {
		PhoneNumber number = new PhoneNumber().setCountryCode(86)
			.setNationalNumber((PREFIXES + fourDigitsAfterOne) * COMPLETION);
		if (!UTIL.isValidNumberForRegion(number, "CN")) {
			return false;
		}
		PhoneNumberType type = UTIL.getNumberType(number);
		return type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
	}

}
