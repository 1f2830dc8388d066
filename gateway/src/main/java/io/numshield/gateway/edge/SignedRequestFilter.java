package io.numshield.gateway.edge;

import io.numshield.client.Ns1Signature;
import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.apikey.ApiKeys;
import io.numshield.gateway.apikey.Caller;
import io.numshield.gateway.routing.ContractRoute;
import io.numshield.gateway.routing.RouteTable;
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
 * The edge, in the order the checks run: body size (413), a well-formed NS1 header (401
 * UNAUTHENTICATED; a Bearer token a client sends is refused here too), the key (401), the
 * signature over method, path, canonical query, timestamp, nonce and body hash (401), the clock
 * window (401 REQUEST_EXPIRED), then nonce and rate in one Redis round trip (401
 * REQUEST_REPLAYED, 429 RATE_LIMITED with Retry-After), then the route (404). What passes goes on
 * with its identity headers removed and the key's internal token in {@code Authorization}.
 * Bodies are never logged: they hold real phone numbers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SignedRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SignedRequestFilter.class);

	enum Outcome {
		FORWARDED, UNAUTHENTICATED, REQUEST_EXPIRED, REQUEST_REPLAYED, RATE_LIMITED, PAYLOAD_TOO_LARGE, NOT_FOUND
	}

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
	 * normalises it.
	 */
	private static final java.util.Set<String> UNSIGNED = java.util.Set.of("/actuator/health",
			"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info", "/actuator/prometheus");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return UNSIGNED.contains(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		String path = request.getRequestURI();
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
		byte[] body = readBody(request, limit);
		if (body == null) {
			refuse(response, Outcome.PAYLOAD_TOO_LARGE, 413, "VALIDATION_FAILED",
					"the request body is larger than " + limit + " bytes", path, credentials.keyId());
			return;
		}
		Optional<ActiveKey> found = keys.find(credentials.keyId());
		if (found.isEmpty()) {
			refuse(response, Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED", "unknown or revoked API key", path,
					credentials.keyId());
			return;
		}
		ActiveKey key = found.get();
		String expected = Ns1Signature.sign(key.secret(),
				Ns1Signature.stringToSign(request.getMethod(), path, Ns1Signature.canonicalQuery(request.getQueryString()),
						credentials.timestamp(), credentials.nonce(), body));
		if (!Ns1Signature.matches(expected, credentials.signature())) {
			refuse(response, Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED", "the signature does not match", path,
					key.keyId());
			return;
		}
		long skew = Math.abs(clock.millis() / 1000 - credentials.timestamp());
		if (skew > properties.clockWindow().toSeconds()) {
			refuse(response, Outcome.REQUEST_EXPIRED, 401, "REQUEST_EXPIRED",
					"the request's Timestamp is more than " + properties.clockWindow().toSeconds()
							+ " s from the gateway's clock",
					path, key.keyId());
			return;
		}
		switch (guard.check(key, credentials.nonce())) {
			case REPLAYED -> {
				refuse(response, Outcome.REQUEST_REPLAYED, 401, "REQUEST_REPLAYED",
						"this nonce was used within the last " + properties.nonceRetention().toSeconds() + " s", path,
						key.keyId());
				return;
			}
			case RATE_LIMITED -> {
				response.setHeader("Retry-After", "1");
				refuse(response, Outcome.RATE_LIMITED, 429, "RATE_LIMITED",
						"over this key's rate of " + guard.rateOf(key) + " requests per second", path, key.keyId());
				return;
			}
			case PASS -> {
			}
		}
		boolean own = path.equals("/v1/api-keys") || path.startsWith("/v1/api-keys/");
		ContractRoute route = own ? null : routes.match(path);
		if (!own && route == null) {
			refuse(response, Outcome.NOT_FOUND, 404, "NOT_FOUND", "no such path in the NumShield API", path, key.keyId());
			return;
		}
		request.setAttribute(Caller.ATTRIBUTE, new Caller(key.keyId(), key.role(), key.platformId()));
		ForwardedRequest forwarded = new ForwardedRequest(request, body, own ? null : tokens.bearerFor(key));
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
		if (outcome == Outcome.RATE_LIMITED) {
			log.debug("{} {} key={} path={}", status, code, keyId, path);
		}
		else {
			log.warn("{} {} key={} path={}", status, code, keyId, path);
		}
		GatewayProblems.write(response, status, code, detail, path);
	}
}
