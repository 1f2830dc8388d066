package io.numshield.core.id;

/**
 * A platform (the business user a PLATFORM key and its tokens act for): 1..64 of
 * {@code [A-Za-z0-9._:-]}, as the contract has it for an API key's {@code platformId} and
 * as every token carries it. A platform is created under the narrower {@code Identifier}
 * (no colon, the rule of {@link PoolId}): the contract states both, and narrowing this
 * one would refuse keys and tokens accepted today (ADR 0015).
 */
public record PlatformId(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "[A-Za-z0-9._:-]{1,64}";

	/**
	 * The rule a new platform's id is created under: the contract's {@code Identifier},
	 * {@link PoolId}'s.
	 */
	public static final String CREATE_PATTERN = PoolId.PATTERN;

	private static final IdRule RULE = new IdRule("platformId", "._:-", 64);

	/**
	 * Refuses anything but the contract's rule, with an {@code IllegalArgumentException}
	 * that names the rule.
	 */
	public PlatformId {
		RULE.require(value);
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static PlatformId of(String value) {
		return new PlatformId(value);
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
