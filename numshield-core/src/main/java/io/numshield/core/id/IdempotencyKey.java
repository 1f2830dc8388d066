package io.numshield.core.id;

/**
 * The {@code Idempotency-Key} header of a bind: 1..128 of {@code [A-Za-z0-9._:-]}.
 */
public record IdempotencyKey(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "[A-Za-z0-9._:-]{1,128}";

	private static final IdRule RULE = new IdRule("Idempotency-Key", "._:-", 128);

	/**
	 * Refuses anything but the contract's rule, with an {@code IllegalArgumentException}
	 * that names the rule.
	 */
	public IdempotencyKey {
		RULE.require(value);
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static IdempotencyKey of(String value) {
		return new IdempotencyKey(value);
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
