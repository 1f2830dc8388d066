package io.numshield.binding.lease;

/**
 * AXB: a pair talks through X. AXN: X is A's alone; anyone calling X reaches A. AXE: X
 * and an extension, the AXB rules (with a party B) or the AXN rules (without) on the
 * extension (ADR 0022). AXG: X is A's alone; the members of A's group reach A, A calls
 * back the last member who called (ADR 0024).
 */
public enum Mode {

	AXB, AXN, AXE, AXG

}
