package io.numshield.core.identity;

/**
 * The identity documents a real-name report may name, with the shape each number must
 * have.
 */
public enum IdType {

	/** Resident identity card of the PRC: 18 characters, GB 11643 check character. */
	ID_CARD("[0-9]{17}[0-9X]"),
	/** Passport of any country: 5..20 letters and digits. */
	PASSPORT("[A-Z0-9]{5,20}"),
	/**
	 * Mainland travel permit for Hong Kong and Macao residents: H or M and 8..10 digits.
	 */
	HK_MACAO_PERMIT("[HM][0-9]{8,10}"),
	/** Mainland travel permit for Taiwan residents: 8..10 digits. */
	TAIWAN_PERMIT("[0-9]{8,10}");

	private final String shape;

	IdType(String shape) {
		this.shape = shape;
	}

	/**
	 * Whether a normalised (upper-case, no spaces) document number has this type's shape.
	 */
	boolean fits(String number) {
		return number.matches(shape) && (this != ID_CARD || IdCardCheck.valid(number));
	}

}
