package io.numshield.gateway.edge;

import io.numshield.client.Ns1Signature;
import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.apikey.ApiKeys;
import io.numshield.gateway.apikey.Caller;
import io.numshield.core.token.Audience;
import io.numshield.gateway.routing.ContractRoute;
import io.numshield.gateway.routing.RouteTable;
import io.numshield.gateway.routing.Service;
import io.numshield.gateway.token.InternalTokens;
import io.numshield.gateway.system.GatewayProblems;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The edge, in the order the checks run, cheapest first so that a stranger costs little: the URL's
 * shape ({@link UrlRules}: 400 or 414 VALIDATION_FAILED, before anything else, never forwarded),
 * body size by its declared length (413), a well-formed NS1 header (401 UNAUTHENTICATED; a Bearer
 * token a client sends is refused here too), the key (401; unknown ids are cached as unknown), the clock
 * window (401 REQUEST_EXPIRED), all before a byte of the body is read; then the body (413 past the
 * limit), the signature over method, path, canonical query, timestamp, nonce, Idempotency-Key and
 * body hash (401), nonce and rate in one Redis script and round trip (401 REQUEST_REPLAYED, 429
 * RATE_LIMITED with the script's Retry-After), then the route (404). What passes goes on with its identity headers removed,
 * the query in the canonical form that was signed, and an internal token for the owning service's
 * audience in {@code Authorization}. Refusals are counted ({@code gateway.request{outcome}}) and
 * logged at DEBUG only: a flood of bad requests must not become a flood of log lines. Bodies are
 * never logged: they hold real phone numbers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SignedRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SignedRequestFilter.class);

	enum Outcome {
		FORWARDED, UNAUTHENTICATED, REQUEST_EXPIRED, REQUEST_REPLAYED, RATE_LIMITED, PAYLOAD_TOO_LARGE, NOT_FOUND,
		BAD_REQUEST
	}

	private static final Map<Service, Audience> AUDIENCES = Map.of(Service.BINDING, Audience.BINDING,
			Service.CALL_ROUTING, Audience.ROUTING, Service.COMPLIANCE_AUDIT, Audience.AUDIT);

	private final ApiKeys keys;

	private final ReplayAndRateGuard guard;

	private final InternalTokens tokens;

	private final RouteTable routes;

	private final EdgeProperties properties;

	private final Clock clock;

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final Timer checkTime;

	SignedRequestFilter(ApiKeys keys, ReplayAndRateGuard guard, InternalTokens tokens, RouteTable routes,
			EdgeProperties properties, Clock clock, MeterRegistry meters) {
		this.keys = keys;
		this.guard = guard;
		this.tokens = tokens;
		this.routes = routes;
		this.properties = properties;
		this.clock = clock;
		if (properties.tokenLifetime().compareTo(Duration.ofMinutes(5)) > 0
				|| properties.tokenRenewBefore().compareTo(properties.tokenLifetime()) >= 0) {
			throw new IllegalArgumentException("token-lifetime must be at most 5m and longer than token-renew-before");
		}
		for (Outcome outcome : Outcome.values()) {
			outcomes.put(outcome, Counter.builder("gateway.request").tag("outcome", outcome.name().toLowerCase())
				.description("requests by what the edge decided").register(meters));
		}
		this.checkTime = Timer.builder("gateway.edge.check").description("time spent checking a request before forwarding it")
			.publishPercentiles(0.5, 0.99).register(meters);
	}

	/**
	 * The only paths served without a signature, compared with the raw request URI as sent: a
	 * prefix test would let {@code /actuator/../v1/pools} past the edge once the servlet container
	 * normalises it. Metrics are on the management port (loopback), not here.
	 */
	private static final java.util.Set<String> UNSIGNED = java.util.Set.of("/livez", "/readyz", "/.well-known/jwks.json");

	/** Paths the gateway answers itself (with the signed key as the caller) instead of forwarding. */
	private static boolean ownPath(String path) {
		return path.equals("/v1/api-keys") || path.startsWith("/v1/api-keys/") || path.equals("/v1/tokens");
	}

	/** An unsigned path asked for without a query; with one, the filter refuses it (they take none). */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return unsigned(request) && (request.getQueryString() == null || request.getQueryString().isEmpty());
	}

	private static boolean unsigned(HttpServletRequest request) {
		return UNSIGNED.contains(request.getRequestURI()) && "GET".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		String path = request.getRequestURI();
		UrlRules.Violation badUrl = UrlRules.violation(path, request.getQueryString());
		if (badUrl != null) {
			refuse(response, Outcome.BAD_REQUEST, badUrl.status(), "VALIDATION_FAILED", badUrl.detail(),
					path.length() <= UrlRules.MAX_PATH ? path : "", null);
			return;
		}
		if (unsigned(request)) {
			// only here with a query: nobody signs it, so nothing may ride along unchecked
			refuse(response, Outcome.BAD_REQUEST, 400, "VALIDATION_FAILED", "this path takes no query parameters", path,
					null);
			return;
		}
		long limit = properties.maxBodySize().toBytes();
		if (request.getContentLengthLong() > limit) {
			refuse(response, Outcome.PAYLOAD_TOO_LARGE, 413, "VALIDATION_FAILED",
					"the request body is larger than " + limit + " bytes", path, null);
			return;
		}
		Ns1Signature.Credentials credentials = Ns1Signature.parse(request.getHeader("Authorization"));
		if (credentials == null) {
			refuse(response, Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED",
					"sign the request: Authorization: NS1-HMAC-SHA256 KeyId=...,Timestamp=...,Nonce=...,Signature=...", path, null);
			return;
		}
		Optional<ActiveKey> found = keys.find(credentials.keyId());
		if (found.isEmpty()) {
			refuse(response, Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED", "unknown or revoked API key", path,
					credentials.keyId());
			return;
		}
		ActiveKey key = found.get();
		long skew = Math.abs(clock.millis() / 1000 - credentials.timestamp());
		if (skew > properties.clockWindow().toSeconds()) {
			refuse(response, Outcome.REQUEST_EXPIRED, 401, "REQUEST_EXPIRED",
					"the request's Timestamp is more than " + properties.clockWindow().toSeconds()
							+ " s from the gateway's clock",
					path, key.keyId());
			return;
		}
		byte[] body = readBody(request, limit);
		if (body == null) {
			refuse(response, Outcome.PAYLOAD_TOO_LARGE, 413, "VALIDATION_FAILED",
					"the request body is larger than " + limit + " bytes", path, credentials.keyId());
			return;
		}
		String canonicalQuery = Ns1Signature.canonicalQuery(request.getQueryString());
		String expected = Ns1Signature.sign(key.secret(), Ns1Signature.stringToSign(request.getMethod(), path,
				canonicalQuery, credentials.timestamp(), credentials.nonce(), request.getHeader("Idempotency-Key"), body));
		if (!Ns1Signature.matches(expected, credentials.signature())) {
			refuse(response, Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED", "the signature does not match", path,
					key.keyId());
			return;
		}
		String badQuery = QueryRules.violation(request.getQueryString());
		if (badQuery != null) {
			refuse(response, Outcome.BAD_REQUEST, 400, "VALIDATION_FAILED", badQuery, path, key.keyId());
			return;
		}
		ReplayAndRateGuard.Decision decision = guard.check(key, credentials.timestamp(), credentials.nonce());
		switch (decision.verdict()) {
			case REPLAYED -> {
				refuse(response, Outcome.REQUEST_REPLAYED, 401, "REQUEST_REPLAYED",
						"this nonce was already used with a Timestamp in the same " + ReplayAndRateGuard.NONCE_BUCKET_SECONDS
								+ " s", path, key.keyId());
				return;
			}
			case RATE_LIMITED -> {
				response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
				refuse(response, Outcome.RATE_LIMITED, 429, "RATE_LIMITED", "over this key's rate of " + guard.rateOf(key)
						+ " requests per second; the next request is let in after " + decision.retryAfterMillis() + " ms",
						path, key.keyId());
				return;
			}
			case PASS -> {
			}
		}
		boolean own = ownPath(path);
		ContractRoute route = own ? null : routes.match(path);
		if (!own && route == null) {
			refuse(response, Outcome.NOT_FOUND, 404, "NOT_FOUND", "no such path in the NumShield API", path, key.keyId());
			return;
		}
		request.setAttribute(Caller.ATTRIBUTE, Caller.of(key));
		String bearer = own ? null : tokens.bearerFor(key, AUDIENCES.get(route.service()), properties.tokenLifetime(),
				properties.tokenRenewBefore());
		ForwardedRequest forwarded = new ForwardedRequest(request, body, bearer, canonicalQuery);
		outcomes.get(Outcome.FORWARDED).increment();
		checkTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
		chain.doFilter(forwarded, response);
	}

	/** The body, or {@code null} when it is longer than the limit (a chunked body has no length up front). */
	private static byte[] readBody(HttpServletRequest request, long limit) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) limit + 1);
			return body.length > limit ? null : body;
		}
	}

	private void refuse(HttpServletResponse response, Outcome outcome, int status, String code, String detail,
			String path, String keyId) throws IOException {
		outcomes.get(outcome).increment();
		if (log.isDebugEnabled()) {
			log.debug("{} {} key={} path={}", status, code, keyId, path);
		}
		GatewayProblems.write(response, status, code, detail, path);
	}
}
