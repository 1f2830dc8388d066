package io.numshield.binding;

import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of binding-service integration tests: the whole service on a random port, against
 * the real PostgreSQL and Redis that {@link TestInfrastructure} chose, with short expiry
 * settings so that expiry can be watched within a test. Every test makes its own pools
 * and platforms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BindingServiceITSupport {

	static final String LOG_FILE = "target/test-logs/binding-service.log";

	private static final AtomicInteger NEXT_BLOCK = new AtomicInteger(10_000);

	private static final AtomicInteger NEXT_ID = new AtomicInteger();

	protected static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@Autowired
	protected RedissonClient redisson;

	@Autowired
	protected RedisKeys keys;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.binding.min-ttl", () -> "1s");
		registry.add("numshield.binding.expiry-bucket", () -> "1s");
		registry.add("numshield.binding.sweep-interval", () -> "200ms");
		// long enough that a test still reads a swept binding as EXPIRED when the machine
		// is busy (a sweep up to a bucket late, then the test's poll: 3 s was missed
		// under
		// a load average of 12), short enough to watch it go (ExpiryIT)
		registry.add("numshield.binding.tombstone-retention", () -> "8s");
		// one local receiver may be registered (BindingApiIT), as an operator would allow
		// the demo's
		registry.add("numshield.callbacks.allowed-internal", () -> "127.0.0.1:9999");
	}

	// ---- identities

	protected static String token(Role role, String platformId) {
		return TestInfrastructure.get().mintToken(Audience.BINDING, "test-key", role, platformId);
	}

	/**
	 * A token signed with this run's real gateway key (ES256, the binding audience) but
	 * with any pairing of role and {@code platformId}, which {@link #token} refuses to
	 * make: for the tests that the services refuse such tokens for their claims alone. A
	 * CARRIER token gets the pools it needs.
	 */
	protected static String tokenWithAnyPlatformClaim(Role role, String platformId) {
		try {
			com.nimbusds.jose.jwk.ECKey key = io.numshield.core.token.TokenKeys
				.loadSigningKey(TestInfrastructure.get().tokenSigningKey());
			com.nimbusds.jwt.JWTClaimsSet.Builder claims = new com.nimbusds.jwt.JWTClaimsSet.Builder()
				.issuer(io.numshield.core.token.TokenSigner.ISSUER)
				.audience(Audience.BINDING.value())
				.subject("test-key")
				.claim("role", role.name())
				.issueTime(new java.util.Date())
				.expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofMinutes(5))));
			if (platformId != null) {
				claims.claim("platformId", platformId);
			}
			if (role == Role.CARRIER) {
				claims.claim("pools", List.of("test-pool"));
			}
			com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
					new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
						.type(com.nimbusds.jose.JOSEObjectType.JWT)
						.keyID(key.getKeyID())
						.build(),
					claims.build());
			jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static String operator() {
		return token(Role.OPERATOR, null);
	}

	protected static String platformToken(String platformId) {
		return token(Role.PLATFORM, platformId);
	}

	// ---- HTTP

	protected Response call(String method, String path, String token, Object body, String... headers) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers
					.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			for (int i = 0; i + 1 < headers.length; i += 2) {
				request.header(headers[i], headers[i + 1]);
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode json = response.body().isBlank() || !contentType.contains("json") ? null
					: JSON.readTree(response.body());
			return new Response(response.statusCode(), json, response.body(), contentType);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	protected record Response(int status, JsonNode json, String body, String contentType) {

		public String text(String field) {
			return json == null || json.get(field) == null ? null : json.get(field).asString();
		}

		public String code() {
			return text("code");
		}

		/**
		 * The body without its problem documents' random trace ids, for a test that a
		 * short text is absent: a hex trace id holds "abc" or "12345" now and then.
		 */
		public String bodyWithoutTraceIds() {
			return body.replaceAll("\"traceId\":\"[0-9a-f]*\"", "");
		}
	}

	// ---- fixtures

	protected static String uniqueId(String prefix) {
		return prefix + "-" + NEXT_ID.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
	}

	/** A fresh 700 management number, unique in this run. */
	protected static String nextBlock() {
		return "700" + String.format("%08d", NEXT_BLOCK.incrementAndGet());
	}

	/** A fresh legacy 11-digit number (170 series), unique in this run. */
	protected static String nextLegacyNumber() {
		return "170" + String.format("%08d", NEXT_BLOCK.incrementAndGet());
	}

	/**
	 * Creates a SEGMENT_700 pool with one fresh block; answers the pool id and the block.
	 */
	protected String[] segmentPool(Integer maxPerNumber, Long cooldownSeconds) {
		String poolId = uniqueId("pool");
		Map<String, Object> body = new java.util.HashMap<>(Map.of("poolId", poolId, "numberKind", "SEGMENT_700"));
		if (maxPerNumber != null) {
			body.put("maxBindingsPerNumber", maxPerNumber);
		}
		if (cooldownSeconds != null) {
			body.put("cooldownSeconds", cooldownSeconds);
		}
		expect(call("POST", "/v1/pools", operator(), body), 201);
		String block = nextBlock();
		expect(call("POST", "/v1/pools/" + poolId + "/blocks", operator(), Map.of("managementNumbers", List.of(block))),
				201);
		return new String[] { poolId, block };
	}

	/**
	 * Creates a LEGACY pool of {@code count} fresh numbers; answers the pool id then the
	 * numbers.
	 */
	protected List<String> legacyPool(int count, int maxPerNumber, long cooldownSeconds) {
		String poolId = uniqueId("legacy");
		expect(call("POST", "/v1/pools", operator(), Map.of("poolId", poolId, "numberKind", "LEGACY",
				"maxBindingsPerNumber", maxPerNumber, "cooldownSeconds", cooldownSeconds)), 201);
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			numbers.add(nextLegacyNumber());
		}
		expect(call("POST", "/v1/pools/" + poolId + "/blocks", operator(), Map.of("numbers", numbers)), 201);
		List<String> result = new ArrayList<>();
		result.add(poolId);
		result.addAll(numbers);
		return result;
	}

	protected String platform(List<String> pools, Long maxActiveBindings) {
		String platformId = uniqueId("plat");
		Map<String, Object> body = new java.util.HashMap<>(
				Map.of("platformId", platformId, "name", "Test platform", "pools", pools));
		if (maxActiveBindings != null) {
			body.put("maxActiveBindings", maxActiveBindings);
		}
		expect(call("POST", "/v1/platforms", operator(), body), 201);
		return platformId;
	}

	protected static Map<String, Object> axb(String orderId, String a, String b) {
		return new java.util.HashMap<>(Map.of("mode", "AXB", "orderId", orderId, "partyA", a, "partyB", b, "ttlSeconds",
				1800, "consent", consent()));
	}

	protected static Map<String, Object> axn(String orderId, String a) {
		return new java.util.HashMap<>(
				Map.of("mode", "AXN", "orderId", orderId, "partyA", a, "ttlSeconds", 1800, "consent", consent()));
	}

	protected static Map<String, Object> consent() {
		return Map.of("reference", "consent-" + NEXT_ID.incrementAndGet(), "grantedAt",
				Instant.now().minusSeconds(5).toString());
	}

	protected static String mobile() {
		return PhoneFixtures.mobile();
	}

	protected static Response expect(Response response, int status) {
		if (response.status() != status) {
			throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.body());
		}
		return response;
	}

	// ---- Redis inspection

	/** Every event of every shard's stream, in order per shard. */
	protected List<Map<String, String>> allEvents() {
		List<Map<String, String>> events = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			var stream = redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE);
			if (!stream.isExists()) {
				continue;
			}
			Map<StreamMessageId, Map<String, String>> range = stream.range(StreamMessageId.MIN, StreamMessageId.MAX);
			events.addAll(range.values());
		}
		return events;
	}

	protected List<Map<String, String>> eventsOf(String bindingId) {
		return allEvents().stream().filter(e -> bindingId.equals(e.get("bindingId"))).toList();
	}

}
