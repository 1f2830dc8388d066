package io.numshield.gateway.edge;

import io.numshield.client.Ns1Signature;
import io.numshield.core.token.Audience;
import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.apikey.ApiKeys;
import io.numshield.gateway.routing.Service;
import io.numshield.gateway.token.InternalTokens;
import io.numshield.support.trace.RequestTrace;
import io.numshield.support.web.Problems;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The edge's checks, written once for both request paths (the Gateway MVC path of
 * {@link SignedRequestFilter} and the hot path of {@link HotEdgeFilter}), in the order
 * they run, cheapest first so that a stranger costs little: the URL's shape
 * ({@link UrlRules}: 400 or 414 VALIDATION_FAILED, before anything else, never
 * forwarded), body size by its declared length (413), a well-formed NS1 header (401
 * UNAUTHENTICATED; a Bearer token a client sends is refused here too), the key (401;
 * unknown ids are cached as unknown), the clock window (401 REQUEST_EXPIRED), all before
 * a byte of the body is read; then the body (413 past the limit), the signature over
 * method, path, canonical query, timestamp, nonce, Idempotency-Key and body hash (401),
 * the query's text ({@link QueryRules}, 400); then nonce and rate in one Redis script and
 * round trip ({@link #afterGuard}: 401 REQUEST_REPLAYED, 429 RATE_LIMITED with the
 * script's Retry-After), which each path runs its own way (blocking or asynchronous), and
 * the internal token for the owning service. Refusals are counted
 * ({@code gateway.request{outcome}}) and logged at DEBUG only: a flood of bad requests
 * must not become a flood of log lines. Bodies are never logged: they hold real phone
 * numbers.
 */
@Component
class EdgeCheck {

	private static final Logger log = LoggerFactory.getLogger(EdgeCheck.class);

	enum Outcome {

		FORWARDED, UNAUTHENTICATED, REQUEST_EXPIRED, REQUEST_REPLAYED, RATE_LIMITED, PAYLOAD_TOO_LARGE, NOT_FOUND,
		BAD_REQUEST

	}

	/** What the checks decided: a refusal to write, or a request that may go on. */
	sealed interface Checked permits Refusal, Verified {

	}

	/**
	 * A refusal: the outcome counted, the problem document's status, code and detail, and
	 * a {@code Retry-After}.
	 */
	record Refusal(Outcome outcome, int status, String code, String detail, String path, String keyId,
			String retryAfter) implements Checked {
	}

	/**
	 * A request whose signature, key, clock and query passed: its key, credentials, the
	 * body as read and the canonical query it goes on with (empty without one).
	 */
	record Verified(ActiveKey key, Ns1Signature.Credentials credentials, byte[] body, String canonicalQuery,
			String path) implements Checked {
	}

	private static final Map<Service, Audience> AUDIENCES = Map.of(Service.BINDING, Audience.BINDING,
			Service.CALL_ROUTING, Audience.ROUTING, Service.COMPLIANCE_AUDIT, Audience.AUDIT);

	/**
	 * The only paths served without a signature, compared with the raw request URI as
	 * sent: a prefix test would let {@code /actuator/../v1/pools} past the edge once the
	 * servlet container normalises it. Metrics are on the management port (loopback), not
	 * here. The API's description and its page ({@code apidoc}) are public: what the
	 * description says is no secret, and integrators read it before they hold a key.
	 */
	private static final Set<String> UNSIGNED = Set.of("/livez", "/readyz", "/.well-known/jwks.json", "/openapi.yaml",
			"/docs", "/docs/init.js", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css");

	private static final String RECORDINGS = "/v1/recordings/";

	private final ApiKeys keys;

	private final ReplayAndRateGuard guard;

	private final InternalTokens tokens;

	private final EdgeProperties properties;

	private final Clock clock;

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final Timer checkTime;

	private final MeterRegistry meters;

	/**
	 * 429 RATE_LIMITED answers per API key id ({@code gateway.rate_limited{key}}): as
	 * many series as keys that were ever refused, so the alert names the key and nobody
	 * has to look in Redis at 3 a.m.
	 */
	private final Map<String, Counter> rateLimitedByKey = new ConcurrentHashMap<>();

	EdgeCheck(ApiKeys keys, ReplayAndRateGuard guard, InternalTokens tokens, EdgeProperties properties, Clock clock,
			MeterRegistry meters) {
		this.keys = keys;
		this.guard = guard;
		this.tokens = tokens;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		if (properties.tokenLifetime().compareTo(Duration.ofMinutes(5)) > 0
				|| properties.tokenRenewBefore().compareTo(properties.tokenLifetime()) >= 0) {
			throw new IllegalArgumentException("token-lifetime must be at most 5m and longer than token-renew-before");
		}
		for (Outcome outcome : Outcome.values()) {
			outcomes.put(outcome,
					Counter.builder("gateway.request")
						.tag("outcome", outcome.name().toLowerCase())
						.description("requests by what the edge decided")
						.register(meters));
		}
		this.checkTime = Timer.builder("gateway.edge.check")
			.description("time spent checking a request before forwarding it")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	static boolean unsigned(HttpServletRequest request) {
		String path = request.getRequestURI();
		return (UNSIGNED.contains(path) || recordingLink(path)) && "GET".equals(request.getMethod());
	}

	/**
	 * A recording link ({@code /v1/recordings/<token>}, one segment of the token's
	 * characters): its token is its credential, checked by compliance-audit-service, so
	 * the client cannot sign it.
	 */
	static boolean recordingLink(String path) {
		if (!path.startsWith(RECORDINGS) || path.length() == RECORDINGS.length() || path.length() > 512
				|| path.contains("..")) {
			return false;
		}
		for (int i = RECORDINGS.length(); i < path.length(); i++) {
			char c = path.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
					|| c == '.')) {
				return false;
			}
		}
		return true;
	}

	/** The largest body the edge takes, in bytes. */
	long maxBody() {
		return properties.maxBodySize().toBytes();
	}

	/**
	 * Every check that needs no shared state, in order; reads the body (blocking, at most
	 * {@link #maxBody} + 1 bytes).
	 */
	Checked verify(HttpServletRequest request) throws IOException {
		String path = request.getRequestURI();
		UrlRules.Violation badUrl = UrlRules.violation(path, request.getQueryString());
		if (badUrl != null) {
			return refuse(Outcome.BAD_REQUEST, badUrl.status(), "VALIDATION_FAILED", badUrl.detail(),
					path.length() <= UrlRules.MAX_PATH ? path : "", null);
		}
		if (unsigned(request)) {
			// only here with a query: nobody signs it, so nothing may ride along
			// unchecked
			return refuse(Outcome.BAD_REQUEST, 400, "VALIDATION_FAILED", "this path takes no query parameters", path,
					null);
		}
		long limit = maxBody();
		if (request.getContentLengthLong() > limit) {
			return tooLarge(path, null);
		}
		Ns1Signature.Credentials credentials = Ns1Signature.parse(request.getHeader("Authorization"));
		if (credentials == null) {
			return refuse(Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED",
					"sign the request: Authorization: NS1-HMAC-SHA256 KeyId=...,Timestamp=...,Nonce=...,Signature=...",
					path, null);
		}
		Optional<ActiveKey> found = keys.find(credentials.keyId());
		if (found.isEmpty()) {
			return refuse(Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED", "unknown or revoked API key", path,
					credentials.keyId());
		}
		ActiveKey key = found.get();
		long skew = Math.abs(clock.millis() / 1000 - credentials.timestamp());
		if (skew > properties.clockWindow().toSeconds()) {
			return refuse(Outcome.REQUEST_EXPIRED, 401, "REQUEST_EXPIRED", "the request's Timestamp is more than "
					+ properties.clockWindow().toSeconds() + " s from the gateway's clock", path, key.keyId());
		}
		byte[] body = readBody(request, limit);
		if (body == null) {
			return tooLarge(path, credentials.keyId());
		}
		String canonicalQuery = Ns1Signature.canonicalQuery(request.getQueryString());
		String expected = Ns1Signature.sign(key.secret(),
				Ns1Signature.stringToSign(request.getMethod(), path, canonicalQuery, credentials.timestamp(),
						credentials.nonce(), request.getHeader("Idempotency-Key"), body));
		if (!Ns1Signature.matches(expected, credentials.signature())) {
			return refuse(Outcome.UNAUTHENTICATED, 401, "UNAUTHENTICATED", "the signature does not match", path,
					key.keyId());
		}
		String badQuery = QueryRules.violation(request.getQueryString());
		if (badQuery != null) {
			return refuse(Outcome.BAD_REQUEST, 400, "VALIDATION_FAILED", badQuery, path, key.keyId());
		}
		return new Verified(key, credentials, body, canonicalQuery, path);
	}

	private Refusal tooLarge(String path, String keyId) {
		return refuse(Outcome.PAYLOAD_TOO_LARGE, 413, "VALIDATION_FAILED",
				"the request body is larger than " + maxBody() + " bytes", path, keyId);
	}

	/** The nonce and rate check, blocking: the MVC path's. */
	ReplayAndRateGuard.Decision guard(Verified request) {
		return guard.check(request.key(), request.credentials().timestamp(), request.credentials().nonce());
	}

	/**
	 * The same check, answered on an I/O thread of the script connection: the hot path's.
	 */
	java.util.concurrent.CompletionStage<ReplayAndRateGuard.Decision> guardAsync(Verified request) {
		return guard.checkAsync(request.key(), request.credentials().timestamp(), request.credentials().nonce());
	}

	/** The refusal the guard's decision means, or {@code null} for a pass. */
	Refusal afterGuard(ReplayAndRateGuard.Decision decision, Verified request) {
		String keyId = request.key().keyId();
		return switch (decision.verdict()) {
			case REPLAYED -> refuse(Outcome.REQUEST_REPLAYED, 401, "REQUEST_REPLAYED",
					"this nonce was already used with a Timestamp in the same "
							+ ReplayAndRateGuard.NONCE_BUCKET_SECONDS + " s",
					request.path(), keyId);
			case RATE_LIMITED -> {
				rateLimitedByKey
					.computeIfAbsent(keyId,
							key -> Counter.builder("gateway.rate_limited")
								.tag("key", key)
								.description("requests refused 429 RATE_LIMITED, by API key id")
								.register(meters))
					.increment();
				yield refuse(Outcome.RATE_LIMITED, 429, "RATE_LIMITED",
						"over this key's rate of " + guard.rateOf(request.key())
								+ " requests per second; the next request is let in after "
								+ decision.retryAfterMillis() + " ms",
						request.path(), keyId, Long.toString(decision.retryAfterSeconds()));
			}
			case PASS -> null;
		};
	}

	/** A signed path outside the contract. */
	Refusal notFound(Verified request) {
		return refuse(Outcome.NOT_FOUND, 404, "NOT_FOUND", "no such path in the NumShield API", request.path(),
				request.key().keyId());
	}

	/**
	 * The internal token for the service that owns the request's route
	 * ({@code Bearer …}).
	 */
	String bearerFor(Verified request, Service service) {
		return tokens.bearerFor(request.key(), AUDIENCES.get(service), properties.tokenLifetime(),
				properties.tokenRenewBefore());
	}

	/**
	 * Counts a request that goes on, and the time its checks took since
	 * {@code startedNanos}.
	 */
	void forwarded(long startedNanos) {
		outcomes.get(Outcome.FORWARDED).increment();
		checkTime.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * A refusal with the contract's code (named {@code refuse} so that
	 * {@code OpenApiDescriptionTests} finds the codes the edge answers).
	 */
	private static Refusal refuse(Outcome outcome, int status, String code, String detail, String path, String keyId) {
		return refuse(outcome, status, code, detail, path, keyId, null);
	}

	private static Refusal refuse(Outcome outcome, int status, String code, String detail, String path, String keyId,
			String retryAfter) {
		return new Refusal(outcome, status, code, detail, path, keyId, retryAfter);
	}

	/**
	 * Counts the refusal, logs it at DEBUG (the trace id in the logging context), and
	 * writes its problem document with {@code traceId}: the request's, as each path knows
	 * it (the one its {@code traceresponse} names).
	 */
	void reply(HttpServletResponse response, Refusal refusal, String traceId) throws IOException {
		outcomes.get(refusal.outcome()).increment();
		if (log.isDebugEnabled()) {
			RequestTrace.logging(traceId, () -> log.debug("{} {} key={} path={}", refusal.status(), refusal.code(),
					refusal.keyId(), refusal.path()));
		}
		if (refusal.retryAfter() != null) {
			response.setHeader("Retry-After", refusal.retryAfter());
		}
		Problems.write(response, refusal.status(), refusal.code(), refusal.detail(), refusal.path(), traceId);
	}

	/**
	 * The body, or {@code null} when it is longer than the limit (a chunked body has no
	 * length up front).
	 */
	private static byte[] readBody(HttpServletRequest request, long limit) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) limit + 1);
			return body.length > limit ? null : body;
		}
	}

}
