package io.numshield.core.id;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A regulator's case file (compliance-audit-service, ADR 0030): {@code case-} and 24
 * lowercase hex digits (96 random bits). binding-service checks only the form of a
 * {@code caseId} its actions carry; the case itself lives in the audit service.
 */
public record CaseId(String value) {

	/** The contract's rule, for a Jakarta {@code @Pattern}. */
	public static final String PATTERN = "case-[0-9a-f]{24}";

	private static final Pattern FORM = Pattern.compile(PATTERN);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Refuses anything but the rule, with an {@code IllegalArgumentException}. */
	public CaseId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("caseId is case- and 24 lowercase hex digits");
		}
	}

	/** A new, random id. */
	public static CaseId random() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return new CaseId("case-" + HexFormat.of().formatHex(bytes));
	}

	/** The same check without throwing. */
	public static boolean isValid(String value) {
		return value != null && FORM.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}
}
