package io.numshield.core.id;

/**
 * The industrial identifier MIIT's 700 pilot assigns to an enterprise's use of 700
 * numbers (Alibaba Cloud PNS's {@code IndustrialId}): 1..32 of {@code [A-Za-z0-9-]},
 * starting with a letter or digit (so that no CSV cell of the daily report starts like a
 * formula). Set on a platform, and optionally on one lease, which it then overrides (ADR
 * 0028).
 */
public record IndustrialId(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,31}";

	/** What a refusal says of the rule. */
	public static final String RULE = "must be 1..32 of [A-Za-z0-9-], starting with a letter or digit";

	private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PATTERN);

	/** Refuses anything but the contract's rule. */
	public IndustrialId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("industrialId " + RULE);
		}
	}

	/** The same check without throwing. */
	public static boolean isValid(String value) {
		return value != null && COMPILED.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}
}
