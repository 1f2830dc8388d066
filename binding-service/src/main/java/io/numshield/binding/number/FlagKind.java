package io.numshield.binding.number;

/** What a carrier flags a number for. */
public enum FlagKind {

	/** A called party reported the number as spam. */
	SPAM_REPORT,
	/** A called party reported fraud. */
	FRAUD_REPORT,
	/** The carrier's own systems flagged a call pattern (e.g. many short calls). */
	ABNORMAL_TRAFFIC

}
