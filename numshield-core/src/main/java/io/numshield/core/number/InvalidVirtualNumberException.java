package io.numshield.core.number;

/**
 * A string that was expected to be a virtual number is not one. The message never echoes
 * input.
 */
public final class InvalidVirtualNumberException extends IllegalArgumentException {

	public InvalidVirtualNumberException(String message) {
		super(message);
	}

	/**
	 * No stack trace: this is a refusal of a request's input, thrown per request on the
	 * hot paths and logged as one line without a stack (status and code), so walking the
	 * stack would be pure cost.
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
