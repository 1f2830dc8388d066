package io.numshield.binding.lease;

/** Which way calls may go on an AXB binding. */
public enum Direction {

	BOTH, A_TO_B, B_TO_A

}
