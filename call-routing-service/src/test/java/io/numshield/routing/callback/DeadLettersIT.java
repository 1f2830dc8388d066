package io.numshield.routing.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.routing.LiveLeases;
import io.numshield.routing.RoutingITSupport;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The callback dead letters over HTTP, as an operator sees them: made by real failing
 * deliveries to a local receiver (HTTP 500 until max-age) or to a target that points
 * inside (refused at once), listed newest first without their bodies, by platform and
 * page by page, and put back on the queue once, however many operators press at once;
 * OPERATOR only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DeadLettersIT extends RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NEXT = new AtomicInteger(40_000);

	HttpServer receiver;

	/** What the receiver answers: 500 while failing, else 200. */
	volatile boolean failing = true;

	final List<String> delivered = new CopyOnWriteArrayList<>();

	LiveLeases leases;

	String secret;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		// a key prefix of its own: no other context delivers or gives up these callbacks
		registry.add("numshield.redis.key-prefix", () -> TestInfrastructure.get().keyPrefix() + "dl:");
		registry.add("numshield.callbacks.poll-interval", () -> "50ms");
		registry.add("numshield.callbacks.initial-backoff", () -> "100ms");
		registry.add("numshield.callbacks.max-backoff", () -> "200ms");
		// long enough that a delivery fails at least twice before it is given up,
		// also when a loaded machine delays its first attempt
		registry.add("numshield.callbacks.max-age", () -> "3s");
		registry.add("numshield.callbacks.allowed-internal", () -> "127.0.0.1");
	}

	@BeforeEach
	void receiver() throws Exception {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/callbacks", exchange -> {
			exchange.getRequestBody().readAllBytes();
			boolean fail = failing;
			if (!fail) {
				delivered.add(exchange.getRequestHeaders().getFirst("webhook-id"));
			}
			exchange.sendResponseHeaders(fail ? 500 : 200, -1);
			exchange.close();
		});
		receiver.start();
		leases = liveLeases();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		secret = "whsec_" + Base64.getEncoder().encodeToString(key);
	}

	@AfterEach
	void stopReceiver() {
		receiver.stop(0);
	}

	@Test
	void listsADeadLetterWithoutItsBodyAndRedeliversItOnceWhenTwoOperatorsPressAtOnce() throws Exception {
		String platformId = platform("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks");
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		Instant before = Instant.now();
		String eventId = callEvent(a, x, "ANSWERED");

		JsonNode letter = await().atMost(Duration.ofSeconds(15))
			.until(() -> find(list("platformId=" + platformId), eventId), java.util.Objects::nonNull);
		assertThat(letter.get("platformId").asString()).isEqualTo(platformId);
		assertThat(letter.get("event").asString()).isEqualTo("ANSWERED");
		assertThat(letter.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(letter.get("reason").asString()).startsWith("MAX_AGE").contains("HTTP 500");
		assertThat(Instant.parse(letter.get("diedAt").asString())).isAfter(before.minusSeconds(1));
		HttpResponse<String> page = get("/v1/callbacks/dead-letters?platformId=" + platformId, Role.OPERATOR);
		assertThat(page.body()).doesNotContain(x.digits())
			.doesNotContain(a)
			.doesNotContain(a.substring(0, 3) + "****")
			.doesNotContain("callerRole")
			.doesNotContain("payload");

		failing = false;
		List<Integer> statuses = concurrently(2, () -> post(redelivery(eventId), Role.OPERATOR).statusCode());
		assertThat(statuses).containsExactlyInAnyOrder(204, 404);

		await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(eventId));
		assertThat(find(list("platformId=" + platformId), eventId)).isNull();
		assertThat(redisson.getMap(keys.deadCallbacks(x.shard()), StringCodec.INSTANCE).containsKey(eventId)).isFalse();
		assertThat(
				redisson.getScoredSortedSet(keys.deadCallbackTimes(x.shard()), StringCodec.INSTANCE).contains(eventId))
			.isFalse();
		HttpResponse<String> again = post(redelivery(eventId), Role.OPERATOR);
		assertThat(again.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(again.body()).get("code").asString()).isEqualTo("NOT_FOUND");
	}

	@Test
	void pagesThroughOnePlatformsDeadLettersNewestFirst() {
		// a callbackUrl that points inside, not allow-listed: dead at the first attempt
		String inside = platform("http://127.0.0.2:" + receiver.getAddress().getPort() + "/callbacks");
		String other = platform("http://127.0.0.2:" + receiver.getAddress().getPort() + "/callbacks");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			VirtualNumber x = freshNumber();
			String a = PhoneFixtures.mobile();
			leases.axb(inside, x, a, PhoneFixtures.mobile(), "BOTH", false);
			ids.add(callEvent(a, x, "HANGUP"));
		}
		VirtualNumber y = freshNumber();
		String c = PhoneFixtures.mobile();
		leases.axb(other, y, c, PhoneFixtures.mobile(), "BOTH", false);
		String otherId = callEvent(c, y, "RINGING");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> list("platformId=" + inside).get("deadLetters").size() == 3
					&& find(list("platformId=" + other), otherId) != null);

		JsonNode first = list("platformId=" + inside + "&limit=2");
		assertThat(first.get("deadLetters")).hasSize(2);
		String cursor = first.get("nextCursor").asString();
		JsonNode second = list("platformId=" + inside + "&limit=2&cursor=" + cursor);
		assertThat(second.get("deadLetters")).hasSize(1);
		assertThat(second.get("nextCursor").isNull()).isTrue();

		List<JsonNode> all = new ArrayList<>();
		first.get("deadLetters").forEach(all::add);
		second.get("deadLetters").forEach(all::add);
		assertThat(all).extracting(d -> d.get("eventId").asString()).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(all).extracting(d -> d.get("platformId").asString()).containsOnly(inside);
		assertThat(all).extracting(d -> d.get("reason").asString()).allMatch(r -> r.startsWith("FORBIDDEN_TARGET"));
		assertThat(all).extracting(d -> Instant.parse(d.get("diedAt").asString()))
			.isSortedAccordingTo(java.util.Comparator.reverseOrder());
		assertThat(find(list(""), otherId)).isNotNull();
	}

	@Test
	void listsADeadLetterFromBeforeTheirTimeWasKeptLastAndRedeliversIt() {
		String platformId = platform("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks");
		VirtualNumber x = freshNumber();
		String eventId = "evt_" + java.util.HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
		// as callbacks-settle.lua left a dead letter before cbdeadat was kept: in cbdead
		// and
		// cbdeadwhy alone
		redisson.<String, String>getMap(keys.deadCallbacks(x.shard()), StringCodec.INSTANCE)
			.fastPut(eventId, "7|" + Instant.now().minusSeconds(90_000).toEpochMilli() + "|" + platformId
					+ "|{\"event\":\"RINGING\",\"eventId\":\"" + eventId + "\"}");
		redisson.<String, String>getMap(keys.deadCallbackReasons(x.shard()), StringCodec.INSTANCE)
			.fastPut(eventId, "MAX_AGE: 8 attempts, the last: HTTP 502");

		JsonNode letter = find(list("platformId=" + platformId), eventId);
		assertThat(letter).isNotNull();
		assertThat(letter.get("diedAt").isNull()).isTrue();
		assertThat(letter.get("event").asString()).isEqualTo("RINGING");
		assertThat(letter.get("attempts").asInt()).isEqualTo(7);

		failing = false;
		assertThat(post(redelivery(eventId), Role.OPERATOR).statusCode()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(eventId));
		assertThat(find(list("platformId=" + platformId), eventId)).isNull();
	}

	@Test
	void isForOperatorsOnlyAndRefusesWhatItCannotRead() throws Exception {
		for (Role role : List.of(Role.PLATFORM, Role.CARRIER, Role.REGULATOR)) {
			assertThat(get("/v1/callbacks/dead-letters", role).statusCode()).as(role.name()).isEqualTo(403);
			HttpResponse<String> refused = post(redelivery("evt_0123456789abcdef0123456789abcdef"), role);
			assertThat(refused.statusCode()).as(role.name()).isEqualTo(403);
			assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("FORBIDDEN");
		}
		HttpResponse<String> unknown = post(redelivery("evt_0123456789abcdef0123456789abcdef"), Role.OPERATOR);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(unknown.body()).get("code").asString()).isEqualTo("NOT_FOUND");
		for (String bad : List.of("limit=0", "limit=201", "cursor=not-a-cursor", "platformId=a%20b")) {
			HttpResponse<String> refused = get("/v1/callbacks/dead-letters?" + bad, Role.OPERATOR);
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
		}
	}

	private String platform(String callbackUrl) {
		String platformId = "dl-plat-" + NEXT.incrementAndGet();
		leases.platform(platformId, "ACTIVE");
		redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE)
			.fastPut(platformId, callbackUrl + "|" + protector.encryptSecret(secret));
		return platformId;
	}

	private String callEvent(String caller, VirtualNumber called, String kind) {
		Map<String, Object> body = new HashMap<>(Map.of("callId", "call-" + NEXT.incrementAndGet(), "caller", caller,
				"called", called.digits(), "event", kind, "occurredAt", Instant.now().toString()));
		HttpResponse<String> accepted = postCallEvent(body);
		assertThat(accepted.statusCode()).isEqualTo(202);
		return JSON.readTree(accepted.body()).get("eventId").asString();
	}

	private JsonNode list(String query) {
		HttpResponse<String> answer = get("/v1/callbacks/dead-letters?" + query, Role.OPERATOR);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

	private static JsonNode find(JsonNode page, String eventId) {
		for (JsonNode letter : page.get("deadLetters")) {
			if (letter.get("eventId").asString().equals(eventId)) {
				return letter;
			}
		}
		return null;
	}

	private static String redelivery(String eventId) {
		return "/v1/callbacks/dead-letters/" + eventId + "/redelivery";
	}

	private HttpResponse<String> get(String path, Role role) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), role);
	}

	private HttpResponse<String> post(String path, Role role) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), role);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request, Role role) {
		String token = TestInfrastructure.get()
			.mintToken(Audience.ROUTING, "dl-" + role.name().toLowerCase(), role, "dl-plat-x", LiveLeases.POOL);
		try {
			return HttpClient.newHttpClient()
				.send(request.header("Authorization", "Bearer " + token).build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static <T> List<T> concurrently(int n, java.util.concurrent.Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> f : futures) {
				results.add(f.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private VirtualNumber freshNumber() {
		ManagementNumber block = ManagementNumber.segment700("700" + String.format("%08d", NEXT.incrementAndGet()));
		leases.block(block);
		return block.numberAt(3);
	}

}
