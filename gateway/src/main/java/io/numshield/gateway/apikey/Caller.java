package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who signed the request, as the edge established it from the key: a request attribute
 * for the gateway's own endpoints.
 */
public record Caller(String keyId, Role role, String platformId, ActiveKey key) {

	public static final String ATTRIBUTE = Caller.class.getName();

	public static Caller of(ActiveKey key) {
		return new Caller(key.keyId(), key.role(), key.platformId(), key);
	}

	public static Caller of(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : null;
	}

	/** The key that signed the request, or {@code null} outside the edge. */
	public static ActiveKey keyOf(HttpServletRequest request) {
		Caller caller = of(request);
		return caller == null ? null : caller.key();
	}
}
