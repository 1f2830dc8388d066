package io.numshield.core.id;

/**
 * A platform's own order reference, the one a binding is leased for: 1..64 of
 * {@code [A-Za-z0-9._:-]}.
 */
public record OrderId(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "[A-Za-z0-9._:-]{1,64}";

	private static final IdRule RULE = new IdRule("orderId", "._:-", 64);

	/**
	 * Refuses anything but the contract's rule, with an {@code IllegalArgumentException}
	 * that names the rule.
	 */
	public OrderId {
		RULE.require(value);
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static OrderId of(String value) {
		return new OrderId(value);
	}

	/** The same check without throwing or allocating, for hot paths and validators. */
	public static boolean isValid(String value) {
		return RULE.accepts(value);
	}

	@Override
	public String toString() {
		return this.value;
	}
}
