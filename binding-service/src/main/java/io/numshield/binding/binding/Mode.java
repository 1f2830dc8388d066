package io.numshield.binding.binding;

/** AXB: a pair talks through X. AXN: X is A's alone; anyone calling X reaches A. */
public enum Mode {
	AXB, AXN
}
