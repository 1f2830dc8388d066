package io.numshield.core.problem;

/**
 * Every problem code of the contract (docs/api/README.md, "Codes"; the {@code code} enum
 * of {@code Problem} in openapi.yaml, which binding-service's
 * {@code OpenApiDescriptionTests} compares with this enum), each with the HTTP status it
 * answers with. A few codes answer another status in a case the contract names
 * (VALIDATION_FAILED 404, 405, 409, 413-415; PLATFORM_SUSPENDED 409;
 * IDEMPOTENCY_KEY_REUSED 409): a {@link Refusal} gives that status itself.
 */
public enum ProblemCode {

	VALIDATION_FAILED(400),

	INVALID_PHONE_NUMBER(400),

	INVALID_VIRTUAL_NUMBER(400),

	UNAUTHENTICATED(401),

	REQUEST_EXPIRED(401),

	REQUEST_REPLAYED(401),

	FORBIDDEN(403),

	OUT_OF_SCOPE(403),

	RATE_LIMITED(429),

	NOT_FOUND(404),

	POOL_NOT_FOUND(404),

	BLOCK_ALREADY_ASSIGNED(409),

	BLOCK_NOT_FOUND(404),

	BLOCK_NOT_DRAINED(409),

	NUMBER_NOT_FOUND(404),

	PLATFORM_NOT_FOUND(404),

	PLATFORM_SUSPENDED(403),

	BINDING_NOT_FOUND(404),

	CALL_NOT_FOUND(404),

	RECORDING_NOT_FOUND(404),

	RECORDING_LINK_INVALID(403),

	GROUP_NOT_FOUND(404),

	GROUP_BOUND(409),

	NO_AVAILABLE_NUMBER(409),

	NUMBER_UNAVAILABLE(409),

	PARTY_BUSY_ON_NUMBER(409),

	PARTY_BLOCKED(403),

	QUOTA_EXCEEDED(429),

	IDEMPOTENCY_KEY_REUSED(422),

	AUDIT_BACKLOG(503),

	AUDIT_BUSY(503),

	KEY_NOT_PENDING(409),

	IDENTITY_REPORT_NOT_FOUND(404),

	IDENTITY_REPORT_REQUIRED(403),

	CASE_NOT_FOUND(404),

	SIGNAL_NOT_FOUND(404),

	/** A daily report of a day that is not over yet in the reporting zone (ADR 0028). */
	REPORT_NOT_READY(409),

	SERVICE_UNAVAILABLE(503),

	STORE_UNAVAILABLE(503),

	INTERNAL_ERROR(500);

	private final int status;

	ProblemCode(int status) {
		this.status = status;
	}

	/**
	 * The HTTP status this code answers with, unless a {@link Refusal} names another the
	 * contract gives it.
	 */
	public int status() {
		return status;
	}

}
