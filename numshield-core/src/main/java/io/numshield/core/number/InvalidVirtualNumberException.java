package io.numshield.core.number;

/** A string that was expected to be a virtual number is not one. The message never echoes input. */
public final class InvalidVirtualNumberException extends IllegalArgumentException {

	public InvalidVirtualNumberException(String message) {
		super(message);
	}
}
