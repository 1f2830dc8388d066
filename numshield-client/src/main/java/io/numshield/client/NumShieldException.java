package io.numshield.client;

/**
 * An error answer of the API: its HTTP status and the contract's {@code code} (RFC 9457
 * problem).
 */
public class NumShieldException extends RuntimeException {

	private final int status;

	private final String code;

	private final String body;

	public NumShieldException(int status, String code, String detail, String body) {
		super(status + " " + code + (detail == null ? "" : ": " + detail));
		this.status = status;
		this.code = code;
		this.body = body;
	}

	public int status() {
		return status;
	}

	/**
	 * The contract's stable code, e.g. {@code NO_AVAILABLE_NUMBER}; {@code null} if the
	 * answer had none.
	 */
	public String code() {
		return code;
	}

	public String body() {
		return body;
	}

}
