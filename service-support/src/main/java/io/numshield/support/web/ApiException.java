package io.numshield.support.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal the contract names: an HTTP status, a stable code, and a detail for people. The
 * detail never holds a full real number.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	public ApiException(HttpStatus status, String code, String detail) {
		super(detail);
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return status;
	}

	public String code() {
		return code;
	}
}
