package io.numshield.support.web.hot;

import io.numshield.core.token.Role;
import io.numshield.support.security.InternalTokenSecurityConfiguration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The internal token and the endpoint's role, checked as
 * {@link InternalTokenSecurityConfiguration}'s chain checks them: the bearer token
 * through the chain's own (caching) {@link JwtDecoder} bean, so every claim rule holds,
 * then the one role the service's {@code EndpointRules} allow here. A refusal is the
 * chain's own 401 or 403 document.
 */
public final class BearerAuthentication {

	private static final String UNAUTHENTICATED = "a valid internal token is required";

	private static final String WRONG_ROLE = "this role may not call this endpoint";

	private final JwtDecoder decoder;

	private final String role;

	public BearerAuthentication(JwtDecoder decoder, Role role) {
		this.decoder = decoder;
		this.role = role.name();
	}

	/**
	 * The flow of every hot endpoint: the token, then {@code operation} (a refusal it
	 * throws at once answered at once), then its answer from whoever completes it
	 * ({@link HotAnswers#later}).
	 */
	public <T> void answer(HttpServletRequest request, HttpServletResponse response,
			Function<Jwt, CompletionStage<T>> operation, HotAnswers.Success<T> success) throws IOException {
		Jwt jwt = authenticate(request, response);
		if (jwt == null) {
			return;
		}
		CompletionStage<T> answer;
		try {
			answer = operation.apply(jwt);
		}
		catch (RuntimeException refused) {
			HotAnswers.problem(request, response, refused);
			return;
		}
		HotAnswers.later(request, response, answer, success);
	}

	/**
	 * The caller's token, or {@code null} once the 401, the 403 (or a 500) is written.
	 */
	public Jwt authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getRequestURI();
		String header = request.getHeader("Authorization");
		String token = token(header);
		if (token == null) {
			HotAnswers.securityRefusal(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", UNAUTHENTICATED,
					path);
			return null;
		}
		Jwt jwt;
		try {
			jwt = decoder.decode(token);
		}
		catch (BadJwtException invalid) {
			HotAnswers.securityRefusal(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", UNAUTHENTICATED,
					path);
			return null;
		}
		catch (RuntimeException keysUnavailable) {
			// as Spring Security: a decoder that could not judge the token (keys
			// unreachable) is not the caller's fault
			HotAnswers.problem(request, response, keysUnavailable);
			return null;
		}
		if (!role.equals(jwt.getClaimAsString("role"))) {
			HotAnswers.securityRefusal(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN", WRONG_ROLE, path);
			return null;
		}
		return jwt;
	}

	/**
	 * The token of an {@code Authorization} header, or {@code null}: exactly what Spring
	 * Security's {@code DefaultBearerTokenResolver} pattern
	 * {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$} (case-insensitive) accepts, checked
	 * by a loop because that regex over a ~500-character ES256 token showed in a bind's
	 * profile (docs/benchmarks.md). {@code BearerAuthenticationTests} compares the two.
	 */
	static String token(String header) {
		if (header == null || header.length() < 8) {
			return null;
		}
		for (int k = 0; k < 7; k++) {
			// ASCII case only, as the regex without UNICODE_CASE (regionMatches would
			// also fold non-ASCII)
			char c = header.charAt(k);
			char expected = "bearer ".charAt(k);
			if (c != expected && !(expected != ' ' && c == expected - 32)) {
				return null;
			}
		}
		int length = header.length();
		int i = 7;
		while (i < length && isTokenChar(header.charAt(i))) {
			i++;
		}
		if (i == 7) {
			return null;
		}
		while (i < length && header.charAt(i) == '=') {
			i++;
		}
		return i == length ? header.substring(7) : null;
	}

	/**
	 * {@code [a-zA-Z0-9-._~+/]}: the base64url and base64 alphabets and the token68
	 * extras.
	 */
	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
