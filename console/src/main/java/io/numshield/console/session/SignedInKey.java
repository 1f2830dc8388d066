package io.numshield.console.session;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in API key, kept in the HTTP session and nowhere else: never in a page, a
 * cookie or a log. Deliberately not {@code Serializable}, so that no session store can
 * write the secret out; {@link #toString()} leaves it out.
 */
public record SignedInKey(String keyId, String secret, ConsoleRole role) {

	static final String ATTRIBUTE = SignedInKey.class.getName();

	/** The session's key; absent when the session has none. */
	public static @Nullable SignedInKey of(@Nullable HttpSession session) {
		return session == null ? null : session.getAttribute(ATTRIBUTE) instanceof SignedInKey key ? key : null;
	}

	/** The session's key; only pages the role rules let through call this. */
	public static SignedInKey required(@Nullable HttpSession session) {
		SignedInKey key = of(session);
		if (key == null) {
			throw new IllegalStateException("no key in the session");
		}
		return key;
	}

	@Override
	public String toString() {
		return "SignedInKey[keyId=" + keyId + ", role=" + role + "]";
	}

}
