package io.numshield.core.id;

/**
 * An API key's id, the {@code KeyId} of a signed request and the {@code sub} of the
 * internal tokens minted for it: 1..64 of {@code [A-Za-z0-9._-]}, what the gateway issues
 * ({@code pk_} and 32 hex digits, and the like), what a bootstrap operator key may be
 * called, and what the client's {@code Authorization} header carries.
 */
public record ApiKeyId(String value) {

	/**
	 * The rule of the {@code KeyId} in {@code Ns1Signature}'s header, for a Jakarta
	 * {@code @Pattern}.
	 */
	public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";

	private static final IdRule RULE = new IdRule("keyId", "._-", 64);

	/**
	 * Refuses anything but the contract's rule, with an {@code IllegalArgumentException}
	 * that names the rule.
	 */
	public ApiKeyId {
		RULE.require(value);
	}

	/**
	 * Parses a value at a boundary: a clear {@code IllegalArgumentException} when it is
	 * not one.
	 */
	public static ApiKeyId of(String value) {
		return new ApiKeyId(value);
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
