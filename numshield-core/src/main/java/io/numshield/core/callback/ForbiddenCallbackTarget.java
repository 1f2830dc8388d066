package io.numshield.core.callback;

import java.net.UnknownHostException;

/**
 * A callback URL that points inside (loopback, private, link-local, metadata …) and is
 * not on the operator's allow-list. An {@link UnknownHostException}, so that an HTTP
 * client's resolver can throw it and no connection is made.
 */
public class ForbiddenCallbackTarget extends UnknownHostException {

	public ForbiddenCallbackTarget(String reason) {
		super(reason);
	}

	/** Why, for people: no secret and no personal data. */
	public String reason() {
		return getMessage();
	}

}
