package io.numshield.core.number;

/**
 * A string that was expected to be a real (subscriber) number is not one. The message
 * never echoes input.
 */
public final class InvalidPhoneNumberException extends IllegalArgumentException {

	public InvalidPhoneNumberException(String message) {
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
