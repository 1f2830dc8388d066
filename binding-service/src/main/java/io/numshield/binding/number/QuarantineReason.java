package io.numshield.binding.number;

/**
 * Why a number is quarantined: an operator's choice, or {@link #CARRIER_FLAGS} when
 * carriers' flags reached the threshold.
 */
public enum QuarantineReason {

	/** Users reported calls from the number as spam or fraud. */
	SPAM_REPORTS,
	/** The carrier asked for it to be taken out of service. */
	CARRIER_REQUEST,
	/** Suspected misuse under investigation. */
	INVESTIGATION,
	/** Something else (the note says what). */
	OTHER,
	/** Set by the flags of carriers, never by an operator. */
	CARRIER_FLAGS

}
