package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import jakarta.servlet.http.HttpServletRequest;

/** Who signed the request, as the edge established it from the key: a request attribute for the gateway's own endpoints. */
public record Caller(String keyId, Role role, String platformId) {

	public static final String ATTRIBUTE = Caller.class.getName();

	public static Caller of(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : null;
	}
}
