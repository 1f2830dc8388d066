package io.numshield.binding.lease;

/**
 * AXB: a pair talks through X. AXN: X is A's alone; anyone calling X reaches A. AXE: X
 * and an extension, the AXB rules (with a party B) or the AXN rules (without) on the
 * extension (ADR 0022).
 */
public enum Mode {

	AXB, AXN, AXE

}
