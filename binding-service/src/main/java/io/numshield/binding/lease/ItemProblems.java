package io.numshield.binding.lease;

import java.util.Map;

/**
 * Port: the problem document a failed item of a batch answers with, the one the service
 * would answer a single bind with (the web adapter's, which knows the contract's mapping
 * of failures to problems).
 */
public interface ItemProblems {

	Problem of(Throwable failure);

	/** The problem's status and its members ({@code type}, {@code code}, ...). */
	record Problem(int status, Map<String, Object> members) {
	}

}
