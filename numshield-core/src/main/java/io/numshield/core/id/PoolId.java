package io.numshield.core.id;

/**
 * A pool of virtual numbers, as the contract's {@code Identifier}: 1..64 of
 * {@code [A-Za-z0-9._-]}.
 */
public record PoolId(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";

	private static final IdRule RULE = new IdRule("poolId", "._-", 64);

	/**
	 * Refuses anything but the contract's rule, with an {@code IllegalArgumentException}
	 * that names the rule.
	 */
	public PoolId {
		RULE.require(value);
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static PoolId of(String value) {
		return new PoolId(value);
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
