package io.numshield.core.number;

/** A string that was expected to be a real (subscriber) number is not one. The message never echoes input. */
public final class InvalidPhoneNumberException extends IllegalArgumentException {

	public InvalidPhoneNumberException(String message) {
		super(message);
	}
}
