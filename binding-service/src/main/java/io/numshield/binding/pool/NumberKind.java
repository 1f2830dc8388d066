package io.numshield.binding.pool;

/** What a pool is made of. */
public enum NumberKind {

	/** 11-digit management numbers, each a block of 10,000 usage numbers. */
	SEGMENT_700,
	/**
	 * Explicit 11-digit legacy numbers; they lease nothing after the transition cut-over.
	 */
	LEGACY

}
