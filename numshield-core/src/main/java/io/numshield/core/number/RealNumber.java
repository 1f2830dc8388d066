package io.numshield.core.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A real subscriber number (party A, party B, a caller): a mainland China mobile, or a
 * fixed line with its area code, normalised to E.164 with libphonenumber. Short codes,
 * service numbers (95xxx, 400, 800 ...), other countries and junk are refused. The common
 * case, a mobile whose first digits libphonenumber has already judged
 * ({@link MobilePrefixes}), is answered without parsing it again; everything else, every
 * refusal included, takes libphonenumber's full path.
 *
 * <p>
 * Personal data: {@link #toString()} is masked so that a number that reaches a log by
 * accident still reveals nothing. Use {@link #e164()} only to encrypt it, to hash it, or
 * to hand it to a carrier.
 */
public final class RealNumber {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private static final Set<PhoneNumberType> ACCEPTED = Set.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE,
			PhoneNumberType.FIXED_LINE_OR_MOBILE);

	private static final Pattern SHAPE = Pattern.compile("\\+?[0-9 ()-]+");

	private final String e164;

	private final String national;

	private RealNumber(String e164, String national) {
		this.e164 = e164;
		this.national = national;
	}

	/**
	 * Parses a national (a mobile of 11 digits, a fixed line with its area code and trunk
	 * 0) or E.164 ({@code +86...}) number.
	 */
	public static RealNumber parse(String text) {
		if (text == null || text.isBlank() || text.length() > 32) {
			throw new InvalidPhoneNumberException("a phone number is required");
		}
		String s = text.strip();
		RealNumber mobile = commonMobile(s);
		if (mobile != null) {
			return mobile;
		}
		return parseWithLibphonenumber(s);
	}

	/**
	 * The full path: libphonenumber parses, validates and types the number. Every refusal
	 * comes from here, with the messages the contract names.
	 */
	static RealNumber parseWithLibphonenumber(String s) {
		if (!SHAPE.matcher(s).matches()) {
			throw new InvalidPhoneNumberException("a phone number holds digits only, with an optional leading +");
		}
		PhoneNumber parsed;
		try {
			parsed = UTIL.parse(s, "CN");
		}
		catch (NumberParseException ex) {
			throw new InvalidPhoneNumberException("not a phone number");
		}
		if (parsed.getCountryCode() != 86) {
			throw new InvalidPhoneNumberException("only mainland China numbers are accepted");
		}
		if (!UTIL.isValidNumberForRegion(parsed, "CN")) {
			throw new InvalidPhoneNumberException("not a valid mainland China number");
		}
		PhoneNumberType type = UTIL.getNumberType(parsed);
		if (!ACCEPTED.contains(type)) {
			throw new InvalidPhoneNumberException("only mobile and fixed-line numbers are accepted");
		}
		// built from the significant number rather than with format(): the same digits,
		// without libphonenumber's formatting patterns (the costliest part of a parse)
		String significant = UTIL.getNationalSignificantNumber(parsed);
		boolean mobile = type == PhoneNumberType.MOBILE || (type == PhoneNumberType.FIXED_LINE_OR_MOBILE
				&& significant.length() == 11 && significant.charAt(0) == '1');
		String national = mobile ? significant : "0" + significant;
		return new RealNumber("+86" + significant, national);
	}

	/**
	 * The common form answered without libphonenumber: an 11-digit mobile, alone or after
	 * {@code +86}, {@code 86} or {@code 0086}, with spaces, dashes or parentheses
	 * anywhere after the optional leading {@code +} (which is what {@link #SHAPE} allows,
	 * and libphonenumber drops them all), when {@link MobilePrefixes} vouches for its
	 * first digits. {@code null} sends the number to the full path: any other shape, a
	 * trunk 0 before the mobile, a fixed line, anything invalid.
	 */
	private static RealNumber commonMobile(String s) {
		boolean plus = !s.isEmpty() && s.charAt(0) == '+';
		char[] digits = new char[15];
		int count = 0;
		for (int i = plus ? 1 : 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= '0' && c <= '9') {
				if (count == digits.length) {
					return null;
				}
				digits[count++] = c;
			}
			else if (c != ' ' && c != '-' && c != '(' && c != ')') {
				return null;
			}
		}
		int from;
		if (count == 11 && !plus) {
			from = 0;
		}
		else if (count == 13 && digits[0] == '8' && digits[1] == '6') {
			from = 2;
		}
		else if (count == 15 && !plus && digits[0] == '0' && digits[1] == '0' && digits[2] == '8' && digits[3] == '6') {
			from = 4;
		}
		else {
			return null;
		}
		if (digits[from] != '1') {
			return null;
		}
		int prefix = (digits[from + 1] - '0') * 1000 + (digits[from + 2] - '0') * 100 + (digits[from + 3] - '0') * 10
				+ (digits[from + 4] - '0');
		if (!MobilePrefixes.vouchesFor(prefix)) {
			return null;
		}
		String significant = new String(digits, from, 11);
		return new RealNumber("+86" + significant, significant);
	}

	private static final Pattern NORMALISED = Pattern.compile("\\+86[1-9][0-9]{8,11}");

	/**
	 * Restores a number that this class normalised before (from a decrypted E.164
	 * string).
	 */
	public static RealNumber fromE164(String e164) {
		RealNumber number = parse(e164);
		if (!number.e164.equals(e164)) {
			throw new InvalidPhoneNumberException("not a normalised E.164 number");
		}
		return number;
	}

	/**
	 * Restores a number that this class normalised and that comes back from our own
	 * ciphertext (so its authenticity is the AEAD's): checks the shape only, without
	 * libphonenumber, which would cost a tenth of a routing decision. Mainland mobiles
	 * are the 11-digit significant numbers starting with 1; every other number is a fixed
	 * line and takes the trunk prefix 0 (Beijing's 10 + 8 digits is 10 digits long).
	 */
	public static RealNumber fromTrustedE164(String e164) {
		if (e164 == null || !NORMALISED.matcher(e164).matches()) {
			throw new InvalidPhoneNumberException("not a normalised E.164 number");
		}
		String significant = e164.substring(3);
		boolean mobile = significant.length() == 11 && significant.charAt(0) == '1';
		return new RealNumber(e164, mobile ? significant : "0" + significant);
	}

	public String e164() {
		return e164;
	}

	/**
	 * The national form: a mobile's 11 digits, or a fixed line with its trunk prefix 0
	 * and area code.
	 */
	public String national() {
		return national;
	}

	/** First three and last four digits of the national form: {@code 138****8000}. */
	public String masked() {
		return national.substring(0, 3) + "****" + national.substring(national.length() - 4);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RealNumber that && e164.equals(that.e164);
	}

	@Override
	public int hashCode() {
		return e164.hashCode();
	}

	@Override
	public String toString() {
		return masked();
	}

}
