package io.numshield.core.identity;

import io.numshield.core.number.RealNumber;

import java.util.Locale;

/**
 * Who holds a number: a person's name and identity document, and the real number they
 * hold, each checked by its rule when made ({@link #of}, an
 * {@link IllegalArgumentException} naming the rule, never the value). Personal data
 * throughout: stored only as {@link #encode() its encoded form} under the AEAD keyset,
 * shown as its masked forms.
 */
public record Identity(RealNumber phone, String name, IdType idType, String idNumber) {

	/** The longest name, in characters (code points). */
	public static final int MAX_NAME = 100;

	public Identity {
		int length = name.codePointCount(0, name.length());
		if (name.isBlank() || length > MAX_NAME || !name.equals(name.strip())
				|| name.codePoints().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(
					"name must be 1.." + MAX_NAME + " characters, without control characters or outer spaces");
		}
		if (!idType.fits(idNumber)) {
			throw new IllegalArgumentException("idNumber does not have the form of a " + idType
					+ (idType == IdType.ID_CARD ? " (17 digits and the check character)" : ""));
		}
	}

	/**
	 * An identity from a request's fields: the document number upper-cased, without
	 * spaces.
	 */
	public static Identity of(RealNumber phone, String name, IdType idType, String idNumber) {
		return new Identity(phone, name, idType, normalised(idNumber));
	}

	/** A document number as it is checked, stored and indexed: upper case, no spaces. */
	public static String normalised(String idNumber) {
		return idNumber.replace(" ", "").toUpperCase(Locale.ROOT);
	}

	/**
	 * The name with the first character of each word kept, every other character a star:
	 * {@code 张三} is {@code 张*}, {@code John Doe} is {@code J*** D**}; a word of one
	 * character is a star.
	 */
	public String maskedName() {
		StringBuilder masked = new StringBuilder();
		for (String word : name.split(" ", -1)) {
			if (!masked.isEmpty()) {
				masked.append(' ');
			}
			int count = word.codePointCount(0, word.length());
			if (count == 1) {
				masked.append('*');
			}
			else if (count > 1) {
				masked.appendCodePoint(word.codePointAt(0)).append("*".repeat(count - 1));
			}
		}
		return masked.toString();
	}

	/**
	 * The document number with its first two and last two characters kept, the rest
	 * stars.
	 */
	public String maskedIdNumber() {
		return maskedDocument(idNumber);
	}

	/** A document number masked as {@link #maskedIdNumber()} masks it. */
	public static String maskedDocument(String idNumber) {
		int n = idNumber.length();
		if (n <= 6) {
			return "*".repeat(n);
		}
		return idNumber.substring(0, 2) + "*".repeat(n - 4) + idNumber.substring(n - 2);
	}

	/**
	 * The one string that is encrypted: E.164 phone, document type, document number and
	 * name, one per line (none of them holds a line break).
	 */
	public String encode() {
		return String.join("\n", phone.e164(), idType.name(), idNumber, name);
	}

	/** The identity an {@link #encode()}d string holds. */
	public static Identity decode(String encoded) {
		String[] parts = encoded.split("\n", 4);
		if (parts.length != 4) {
			throw new IllegalArgumentException("not an encoded identity");
		}
		return new Identity(RealNumber.fromTrustedE164(parts[0]), parts[3], IdType.valueOf(parts[1]), parts[2]);
	}

	/** What a log line or an error may say: the masked forms only. */
	@Override
	public String toString() {
		return "Identity[" + phone.masked() + ", " + maskedName() + ", " + idType + " " + maskedIdNumber() + "]";
	}

}
