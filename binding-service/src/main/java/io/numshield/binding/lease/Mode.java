package io.numshield.binding.lease;

/** AXB: a pair talks through X. AXN: X is A's alone; anyone calling X reaches A. */
public enum Mode {

	AXB, AXN

}
