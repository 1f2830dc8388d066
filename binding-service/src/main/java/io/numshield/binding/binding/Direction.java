package io.numshield.binding.binding;

/** Which way calls may go on an AXB binding. */
public enum Direction {
	BOTH, A_TO_B, B_TO_A
}
