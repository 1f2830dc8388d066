package io.numshield.core.id;

/**
 * A carrier's call (a SIP Call-ID fits): 1..128 of {@code [A-Za-z0-9._:@-]}.
 */
public record CallId(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "[A-Za-z0-9._:@-]{1,128}";

	private static final IdRule RULE = new IdRule("callId", "._:@-", 128);

	/**
	 * Refuses anything but the contract's rule, with an {@code IllegalArgumentException}
	 * that names the rule.
	 */
	public CallId {
		RULE.require(value);
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static CallId of(String value) {
		return new CallId(value);
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
