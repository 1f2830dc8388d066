package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.numshield.client.BindRequest;
import io.numshield.client.Binding;
import io.numshield.client.NumShieldClient;
import io.numshield.client.Ns1Signature;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of every service and two gateways against the same stores (one Redis
 * prefix, one database per service), as a deployment of several instances runs: leases
 * made through both gateways exist once each; the expiry sweeps end each expired binding
 * once; each callback reaches the platform once; every event reaches the ledger once and
 * the ledger stays one verifiable chain, also when the audit instance holding the most
 * unacknowledged entries is killed while leases flow; and a killed binding-service leaves
 * the gateways binding through the other. Its own process set
 * ({@link ServiceProcesses#start}), so that no other gateway test waits for eight JVMs.
 */
class SeveralInstancesIT {

	private static final String BINDING = "binding-service";

	private static final String AUDIT = "compliance-audit-service";

	private static final SignedCalls.Key OPERATOR = new SignedCalls.Key(
			"ok_multi_" + Long.toString(System.nanoTime(), 36), Ns1Signature.nonce());

	/** The expiring leases' TTL: binding-service's min-ttl is lowered to it. */
	private static final int SHORT_TTL = 2;

	private static final Instant STARTED = Instant.now();

	private static ServiceProcesses services;

	private static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

	private static final List<SignedCalls> edges = new ArrayList<>();

	private static final List<NumShieldClient> platforms = new ArrayList<>();

	private static HttpServer receiver;

	/** webhook-id → deliveries received. */
	private static final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

	private static RedisClient redisClient;

	private static StatefulRedisConnection<String, String> redisConnection;

	private static String pool;

	private static SignedCalls.Key carrier;

	@BeforeAll
	static void eightInstances() throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hooks", exchange -> {
			exchange.getRequestBody().readAllBytes();
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			deliveries.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();

		TestInfrastructure infra = TestInfrastructure.get();
		String prefix = infra.keyPrefix() + "x2:";
		Map<String, String> callbacksInside = Map.of("NUMSHIELD_CALLBACKS_ALLOWEDINTERNAL", "127.0.0.1");
		Map<String, String> binding = new HashMap<>(callbacksInside);
		binding.put("NUMSHIELD_BINDING_MINTTL", SHORT_TTL + "s");
		binding.put("NUMSHIELD_BINDING_EXPIRYBUCKET", "1s");
		// a killed instance's unacknowledged entries are claimed by the other after 3 s
		// instead of 30 s
		Map<String, String> audit = Map.of("NUMSHIELD_AUDIT_CLAIMIDLE", "3s");
		services = ServiceProcesses.start(2, "x2", prefix, "256m",
				Map.of(BINDING, binding, "call-routing-service", callbacksInside, AUDIT, audit));
		for (int i = 0; i < 2; i++) {
			// one after the other: both write the same bootstrap keys into the gateway
			// database at start
			gateways.add(gateway(infra, prefix));
			int port = ((WebServerApplicationContext) gateways.get(i)).getWebServer().getPort();
			edges.add(new SignedCalls("http://127.0.0.1:" + port));
		}
		redisClient = RedisClient.create(infra.redisUrl());
		redisConnection = redisClient.connect();

		pool = "multi-pool-" + System.nanoTime() % 100_000;
		operator(0, "POST", "/v1/pools", Map.of("poolId", pool, "numberKind", "SEGMENT_700")).expect(201);
		String block = "7009" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		operator(1, "POST", "/v1/pools/" + pool + "/blocks", Map.of("managementNumbers", List.of(block))).expect(201);
		String platformId = "multi-plat-" + System.nanoTime() % 100_000;
		// the carrier's call events alone: each is counted below by its own eventId (the
		// routing
		// decisions' and expiries' callbacks are PlatformCallbacksIT's)
		operator(0, "POST", "/v1/platforms",
				Map.of("platformId", platformId, "name", "Several instances", "pools", List.of(pool), "callbackUrl",
						"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks", "callbackEvents",
						List.of("RINGING", "ANSWERED", "HANGUP")))
			.expect(201);
		SignedCalls.Key platformKey = issue(Map.of("role", "PLATFORM", "platformId", platformId));
		carrier = issue(Map.of("role", "CARRIER", "pools", List.of(pool)));
		for (SignedCalls edge : edges) {
			platforms
				.add(NumShieldClient.create(URI.create(edge.baseUrl()), platformKey.keyId(), platformKey.secret()));
		}
	}

	private static ConfigurableApplicationContext gateway(TestInfrastructure infra, String prefix) {
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--spring.datasource.url=" + infra.jdbcUrl(),
				"--spring.datasource.username=" + infra.user(), "--spring.datasource.password=" + infra.password(),
				"--numshield.redis.url=" + infra.redisUrl(), "--numshield.redis.key-prefix=" + prefix,
				"--numshield.keys.dir=" + infra.keysDir(), "--numshield.token.signing-key=" + infra.tokenSigningKey(),
				"--numshield.gateway.bootstrap-operator-key=" + OPERATOR.keyId() + ":" + OPERATOR.secret(),
				"--numshield.gateway.services.binding=" + services.urls(BINDING),
				"--numshield.gateway.services.call-routing=" + services.urls("call-routing-service"),
				"--numshield.gateway.services.compliance-audit=" + services.urls(AUDIT));
	}

	@AfterAll
	static void stopEverything() {
		gateways.forEach(ConfigurableApplicationContext::close);
		if (services != null) {
			services.close();
		}
		if (redisConnection != null) {
			redisConnection.close();
			redisClient.shutdown();
		}
		if (receiver != null) {
			receiver.stop(0);
		}
	}

	@Test
	void everyLeaseSweepCallbackAndLedgerEntryIsDoneOnceAndTheWorkSurvivesAKilledInstance() throws Exception {
		// leases through both gateways: half of them expire within seconds, the rest stay
		List<Binding> expiring = new ArrayList<>();
		List<Binding> staying = new ArrayList<>();
		// a platform sees its parties masked: the callers of the call events below are
		// kept here
		Map<String, String> partyA = new HashMap<>();
		for (int i = 0; i < 40; i++) {
			NumShieldClient platform = platforms.get(i % 2);
			boolean shortLived = i % 4 < 2;
			String a = PhoneFixtures.mobile();
			Binding bound = platform.bind(BindRequest.axb("ORD-MULTI-" + i, a, PhoneFixtures.mobile(),
					shortLived ? SHORT_TTL : 1800, consent(i)));
			partyA.put(bound.bindingId(), a);
			(shortLived ? expiring : staying).add(bound);
		}
		for (Binding each : staying) {
			// read through the other gateway: one binding per order, the one acknowledged
			NumShieldClient other = platforms.get(staying.indexOf(each) % 2 == 0 ? 1 : 0);
			assertThat(other.findByOrder(each.orderId())).extracting(Binding::bindingId)
				.containsExactly(each.bindingId());
		}

		// a call event per staying binding, through both gateways: each queues one
		// callback
		List<String> callEvents = new ArrayList<>();
		for (int i = 0; i < staying.size(); i++) {
			Binding each = staying.get(i);
			SignedCalls.Response answer = edges.get(i % 2)
				.send(call("POST", "/v1/call-events", null,
						Map.of("callId", "call-multi-" + i, "caller", partyA.get(each.bindingId()), "called",
								each.virtualNumber(), "event", "HANGUP", "occurredAt", Instant.now().toString(),
								"durationSeconds", 30),
						carrier))
				.expect(202);
			assertThat(answer.json().get("delivering").asBoolean()).isTrue();
			callEvents.add(answer.text("eventId"));
		}

		// every expired binding ended once, every callback delivered and settled, every
		// event in the ledger
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(countByBinding("BINDING_EXPIRED", ids(expiring))).hasSize(expiring.size());
			assertThat(deliveries.keySet()).containsAll(callEvents);
			assertThat(callbacksQueued()).isZero();
			assertThat(count("BINDING_CREATED", ids(expiring, staying))).isEqualTo(40);
			assertThat(countByEventId("CALL_EVENT", callEvents)).isEqualTo(callEvents.size());
		});
		assertThat(countByBinding("BINDING_EXPIRED", ids(expiring)).values()).containsOnly(1);
		assertThat(count("BINDING_RELEASED", ids(expiring))).isZero();
		assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(callEvents);
		assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

		// leases flow through both gateways while the audit instance with the most
		// unacknowledged entries is killed
		ConcurrentLinkedQueue<Binding> acknowledged = new ConcurrentLinkedQueue<>();
		AtomicBoolean flowing = new AtomicBoolean(true);
		AtomicInteger refused = new AtomicInteger();
		Thread load = Thread.ofPlatform().name("multi-load").start(() -> {
			for (int i = 0; flowing.get(); i++) {
				try {
					acknowledged.add(platforms.get(i % 2)
						.bind(BindRequest.axb("ORD-FLOW-" + i, PhoneFixtures.mobile(), PhoneFixtures.mobile(), 1800,
								consent(1000 + i))));
				}
				catch (RuntimeException ex) {
					refused.incrementAndGet();
				}
			}
		});
		try {
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.size() >= 40);
			int writer = busiestAuditInstance();
			services.kill(AUDIT, writer);
			int atKill = acknowledged.size();
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.size() >= atKill + 40);
		}
		finally {
			flowing.set(false);
			load.join();
		}
		assertThat(refused.get()).as("binds refused while an audit instance died").isZero();
		List<String> flowed = acknowledged.stream().map(Binding::bindingId).toList();
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(count("BINDING_CREATED", flowed)).isEqualTo(flowed.size());
			assertThat(unacknowledged()).isZero();
		});

		// one binding-service dies: the gateways bind through the other, on the hot path
		// and Gateway MVC's
		services.kill(BINDING, 0);
		List<String> afterKill = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			afterKill.add(platforms.get(i % 2)
				.bind(BindRequest.axb("ORD-AFTER-" + i, PhoneFixtures.mobile(), PhoneFixtures.mobile(), 1800,
						consent(2000 + i)))
				.bindingId());
			operator(i % 2, "GET", "/v1/pools/" + pool, null).expect(200);
		}
		await().atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(count("BINDING_CREATED", afterKill)).isEqualTo(afterKill.size()));

		// nothing doubled, and the ledger is one chain whose holdings agree with it
		// (asked of the surviving audit instance)
		assertThat(duplicateEventIds()).isEmpty();
		assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
		for (SignedCalls edge : edges) {
			SignedCalls.Response verified = edge
				.send(call("GET", "/v1/audit/verify",
						"from=" + STARTED.minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60), null, OPERATOR))
				.expect(200);
			assertThat(verified.json().get("verified").asBoolean()).as(verified.body()).isTrue();
			assertThat(verified.json().get("entries").asLong())
				.isGreaterThanOrEqualTo(40 + 20 + 20 + flowed.size() + 10);
		}
	}

	/**
	 * The audit instance whose consumer holds the most delivered, unacknowledged entries
	 * (the one writing).
	 */
	private static int busiestAuditInstance() {
		RedisCommands<String, String> redis = redisConnection.sync();
		Map<String, Long> pending = new LinkedHashMap<>();
		for (String stream : streams()) {
			redis.xpending(stream, "audit")
				.getConsumerMessageCount()
				.forEach((consumer, n) -> pending.merge(consumer, n, Long::sum));
		}
		long first = pending.entrySet()
			.stream()
			.filter(e -> e.getKey().endsWith("-" + services.port(AUDIT, 0)))
			.mapToLong(Map.Entry::getValue)
			.sum();
		long second = pending.entrySet()
			.stream()
			.filter(e -> e.getKey().endsWith("-" + services.port(AUDIT, 1)))
			.mapToLong(Map.Entry::getValue)
			.sum();
		return second > first ? 1 : 0;
	}

	/**
	 * Entries of every shard stream that the audit group has been given but not
	 * acknowledged.
	 */
	private static long unacknowledged() {
		RedisCommands<String, String> redis = redisConnection.sync();
		long total = 0;
		for (String stream : streams()) {
			total += redis.xpending(stream, "audit").getCount();
		}
		return total;
	}

	private static long callbacksQueued() {
		RedisKeys keys = new RedisKeys(services.keyPrefix());
		RedisCommands<String, String> redis = redisConnection.sync();
		long total = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			total += redis.zcard(keys.callbackQueue(shard));
		}
		return total;
	}

	private static List<String> streams() {
		RedisKeys keys = new RedisKeys(services.keyPrefix());
		List<String> all = new ArrayList<>();
		VirtualShard.all().forEach(shard -> all.addAll(keys.auditStreams(shard)));
		return all;
	}

	private static Map<String, Integer> countByBinding(String type, List<String> bindingIds) throws SQLException {
		Map<String, Integer> counts = new HashMap<>();
		try (Connection c = ledger();
				PreparedStatement s = c.prepareStatement(
						"SELECT binding_id, count(*) FROM ledger WHERE type = ? AND binding_id = ANY (?) GROUP BY binding_id")) {
			s.setString(1, type);
			s.setArray(2, c.createArrayOf("varchar", bindingIds.toArray()));
			try (ResultSet rows = s.executeQuery()) {
				while (rows.next()) {
					counts.put(rows.getString(1), rows.getInt(2));
				}
			}
		}
		return counts;
	}

	private static int count(String type, List<String> bindingIds) throws SQLException {
		return countByBinding(type, bindingIds).values().stream().mapToInt(Integer::intValue).sum();
	}

	private static int countByEventId(String type, List<String> eventIds) throws SQLException {
		try (Connection c = ledger();
				PreparedStatement s = c
					.prepareStatement("SELECT count(*) FROM ledger WHERE type = ? AND event_id = ANY (?)")) {
			s.setString(1, type);
			Array ids = c.createArrayOf("varchar", eventIds.toArray());
			s.setArray(2, ids);
			try (ResultSet rows = s.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	private static List<String> duplicateEventIds() throws SQLException {
		List<String> doubled = new ArrayList<>();
		try (Connection c = ledger();
				PreparedStatement s = c
					.prepareStatement("SELECT event_id FROM ledger GROUP BY event_id HAVING count(*) > 1");
				ResultSet rows = s.executeQuery()) {
			while (rows.next()) {
				doubled.add(rows.getString(1));
			}
		}
		return doubled;
	}

	private static Connection ledger() throws SQLException {
		TestInfrastructure infra = TestInfrastructure.get();
		return DriverManager.getConnection(services.jdbcUrl("_aud"), infra.user(), infra.password());
	}

	@SafeVarargs
	private static List<String> ids(List<Binding>... lists) {
		List<String> all = new ArrayList<>();
		for (List<Binding> list : lists) {
			list.forEach(b -> all.add(b.bindingId()));
		}
		return all;
	}

	private static SignedCalls.Response operator(int gateway, String method, String path, Object body) {
		return edges.get(gateway).send(call(method, path, null, body, OPERATOR));
	}

	private static SignedCalls.Key issue(Map<String, Object> fields) {
		Map<String, Object> body = new HashMap<>(fields);
		body.put("description", "several instances");
		SignedCalls.Response created = operator(0, "POST", "/v1/api-keys", body).expect(201);
		assertThat(created.text("status")).isEqualTo("ACTIVE");
		return new SignedCalls.Key(created.text("keyId"), created.text("secret"));
	}

	private static BindRequest.Consent consent(int n) {
		return new BindRequest.Consent("consent-multi-" + n, Instant.now().minusSeconds(5));
	}

}
