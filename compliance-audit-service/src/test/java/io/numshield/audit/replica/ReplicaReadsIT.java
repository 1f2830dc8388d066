package io.numshield.audit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.audit.AuditHttp;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.Role;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.PostgresReplicaPair;
import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Regulators' reads from a streaming replica (test-support's
 * {@link PostgresReplicaPair}): the service runs against the pair's primary, with the
 * replica configured. Which server ran a query is taken from the servers' own statement
 * logs, not from what the service says. A read comes from the replica and says how fresh
 * it is, its ACCESS entry is written on the primary; a replica paused behind the bound is
 * not read from; a stopped replica leaves every read to the primary, which the health
 * says. The service consumes a Redis key prefix of its own (not the other audit ITs'),
 * and its context is closed with the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@EnabledIf(value = "pairStarts",
		disabledReason = "no PostgreSQL primary and replica here: PostgresReplicaPair.unavailable() says why")
class ReplicaReadsIT {

	private static final String DATABASE = "audit_replica";

	/** Short, so that the test waits little for a paused replica to pass it. */
	private static final Duration MAX_LAG = Duration.ofSeconds(2);

	private static PostgresReplicaPair pair;

	@LocalServerPort
	int port;

	@Autowired
	LeaseScripts scripts;

	@Autowired
	RedisKeys keys;

	@Autowired
	PersonalDataProtector protector;

	@Autowired
	RedissonClient redisson;

	/** The service's own pool: the primary, role numshield_audit_app. */
	@Autowired
	JdbcTemplate primary;

	@Autowired
	ObjectMapper json;

	@Autowired
	MeterRegistry meters;

	AuditTestContext leases;

	/**
	 * The class's condition: says why not, where the pair cannot start (surefire shows a
	 * disabled class's tests as skipped).
	 */
	static boolean pairStarts() {
		PostgresReplicaPair.unavailable().ifPresent(why -> System.err.println("ReplicaReadsIT skipped: " + why));
		return PostgresReplicaPair.unavailable().isEmpty();
	}

	@BeforeAll
	static void startPair() throws Exception {
		pair = PostgresReplicaPair.start();
		pair.createDatabase(DATABASE);
	}

	@AfterAll
	static void stopPair() {
		if (pair != null) {
			pair.close();
		}
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure infra = TestInfrastructure.get();
		registry.add("spring.datasource.url", () -> pair.primaryUrl(DATABASE));
		registry.add("spring.datasource.username", () -> "numshield_audit_app");
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.flyway.user", () -> PostgresReplicaPair.USER);
		registry.add("spring.flyway.password", () -> "");
		registry.add("numshield.audit.replica.url", () -> pair.replicaUrl(DATABASE));
		registry.add("numshield.audit.replica.max-lag", MAX_LAG::toString);
		registry.add("numshield.audit.replica.retry-interval", () -> "500ms");
		registry.add("numshield.redis.url", infra::redisUrl);
		// streams of its own: the other audit ITs' context keeps consuming the run's
		// prefix
		registry.add("numshield.redis.key-prefix", () -> infra.keyPrefix().replace(":", "r:"));
		registry.add("numshield.keys.dir", () -> infra.keysDir().toString());
		registry.add("numshield.token.public-keys", () -> infra.tokenPublicKeys().toString());
		registry.add("numshield.audit.consumer", () -> "replica-it");
		registry.add("numshield.audit.poll-interval", () -> "100ms");
	}

	@BeforeEach
	void setUp() {
		leases = new AuditTestContext(scripts, keys, protector, redisson);
	}

	@Test
	void aReplicaCloseBehindAnswersAndSaysHowFreshItsDataIsWhileTheAccessEntryGoesToThePrimary() throws Exception {
		ManagementNumber block = leases.newBlock();
		String a = PhoneFixtures.mobile(), b = PhoneFixtures.mobile();
		Instant from = Instant.now().minusSeconds(1);
		Map<String, Object> lease = leases.lease(block, 5, a, b, Duration.ofMinutes(30));
		String x = (String) lease.get("x");
		awaitOnPrimary((String) lease.get("id"));
		await().atMost(Duration.ofSeconds(30)).until(pair::replicaCaughtUp);
		Instant at = Instant.now();

		HttpResponse<String> trace = trace(x, at);
		assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
		assertThat(json.readTree(trace.body()).get("holders")).extracting(h -> h.get("bindingId").asString())
			.containsExactly((String) lease.get("id"));
		assertThat(trace.headers().firstValue("NumShield-Read-From")).contains("replica");
		long staleness = Long.parseLong(trace.headers().firstValue("NumShield-Staleness-Ms").orElseThrow());
		assertThat(staleness).isBetween(0L, MAX_LAG.toMillis());
		Instant asOf = Instant.parse(trace.headers().firstValue("NumShield-Data-As-Of").orElseThrow());
		assertThat(asOf).isBefore(Instant.now().plusSeconds(1));
		// the servers' own logs: the question ran on the replica, not on the primary
		assertThat(holdingQueriesFor(pair.replicaLog(), x)).hasSize(1);
		assertThat(holdingQueriesFor(pair.primaryLog(), x)).isEmpty();
		// and the look-up is recorded on the primary, with what the regulator was shown
		JsonNode access = json.readTree(primary.queryForObject(
				"SELECT details FROM ledger WHERE type = 'ACCESS' AND virtual_number = ?", String.class, x));
		assertThat(access.get("readFrom").asString()).isEqualTo("replica");
		assertThat(access.get("dataAsOf").asString()).isEqualTo(asOf.toString());

		String body = json.writeValueAsString(Map.of("party", RealNumber.parse(a).e164(), "from", from.toString(), "to",
				Instant.now().plusSeconds(1).toString(), "reason", "fraud report 3"));
		HttpResponse<String> search = post("/v1/audit/party-search", body);
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		assertThat(search.headers().firstValue("NumShield-Read-From")).contains("replica");
		assertThat(json.readTree(search.body()).get("holders")).extracting(h -> h.get("bindingId").asString())
			.containsExactly((String) lease.get("id"));

		HttpResponse<String> export = get("/v1/audit/events?from=" + enc(from.toString()) + "&to="
				+ enc(Instant.now().plusSeconds(1).toString()) + "&virtualNumber=" + x + "&reason=" + enc("audit 4"));
		assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
		assertThat(export.headers().firstValue("NumShield-Read-From")).contains("replica");
		assertThat(export.headers().firstValue("NumShield-Staleness-Ms")).isPresent();
		assertThat(export.body()).contains("created:" + lease.get("id"));
		assertThat(exportsOf(pair.replicaLog(), x)).hasSize(1);
		assertThat(exportsOf(pair.primaryLog(), x)).isEmpty();
	}

	@Test
	void aReplicaFurtherBehindThanTheBoundIsNotReadFromUntilItCatchesUp() throws Exception {
		ManagementNumber block = leases.newBlock();
		// a look-up writes its ACCESS entry: the replica's last applied commit is then
		// recent, so that it may answer (stale, and saying so) for a while after the
		// pause
		trace(block.digits() + "0009", Instant.now());
		await().atMost(Duration.ofSeconds(30)).until(pair::replicaCaughtUp);
		pair.pauseReplay();
		try {
			Map<String, Object> lease = leases.lease(block, 6, PhoneFixtures.mobile(), PhoneFixtures.mobile(),
					Duration.ofMinutes(30));
			String id = (String) lease.get("id");
			String x = (String) lease.get("x");
			awaitOnPrimary(id);
			Instant at = Instant.now();

			// until the replica is more than max-lag behind, it may still answer, without
			// the new lease and saying how stale it is; after that, the primary answers,
			// with it
			List<HttpResponse<String>> answers = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
				HttpResponse<String> answer = trace(x, at);
				answers.add(answer);
				return answer.headers().firstValue("NumShield-Read-From").orElseThrow().equals("primary");
			});
			for (HttpResponse<String> answer : answers) {
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
				JsonNode holders = json.readTree(answer.body()).get("holders");
				long staleness = Long.parseLong(answer.headers().firstValue("NumShield-Staleness-Ms").orElseThrow());
				if (answer.headers().firstValue("NumShield-Read-From").orElseThrow().equals("replica")) {
					assertThat(holders).as("the paused replica has not applied the lease").isEmpty();
					assertThat(staleness).isPositive().isLessThanOrEqualTo(MAX_LAG.toMillis());
				}
				else {
					assertThat(holders).extracting(h -> h.get("bindingId").asString()).containsExactly(id);
					assertThat(staleness).isZero();
				}
			}
			assertThat(pair.replicaCaughtUp()).as("the replica is still behind: it was refused for its lag").isFalse();
			assertThat(holdingQueriesFor(pair.primaryLog(), x)).isNotEmpty();
			JsonNode replica = health().get("components").get("replica").get("details");
			assertThat(replica.get("readsFrom").asString()).isEqualTo("primary");
			assertThat(replica.get("reason").asString()).isEqualTo("lagging");
			assertThat(replica.get("stalenessMs").asLong()).isGreaterThan(MAX_LAG.toMillis());
			assertThat(meters.counter("audit.reads", "server", "primary", "reason", "lagging").count()).isPositive();

			pair.resumeReplay();
			await().atMost(Duration.ofSeconds(30)).until(pair::replicaCaughtUp);
			HttpResponse<String> again = trace(x, at);
			assertThat(again.headers().firstValue("NumShield-Read-From")).contains("replica");
			assertThat(json.readTree(again.body()).get("holders")).extracting(h -> h.get("bindingId").asString())
				.containsExactly(id);
		}
		finally {
			pair.resumeReplay();
		}
	}

	@Test
	void aStoppedReplicaLeavesEveryReadToThePrimaryAndTheHealthSaysSo() throws Exception {
		ManagementNumber block = leases.newBlock();
		String a = PhoneFixtures.mobile();
		Instant from = Instant.now().minusSeconds(1);
		Map<String, Object> lease = leases.lease(block, 7, a, PhoneFixtures.mobile(), Duration.ofMinutes(30));
		String id = (String) lease.get("id");
		String x = (String) lease.get("x");
		awaitOnPrimary(id);
		await().atMost(Duration.ofSeconds(30)).until(pair::replicaCaughtUp);
		Instant at = Instant.now();
		assertThat(trace(x, at).headers().firstValue("NumShield-Read-From")).contains("replica");

		pair.stopReplica();
		try {
			HttpResponse<String> trace = trace(x, at);
			assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
			assertThat(trace.headers().firstValue("NumShield-Read-From")).contains("primary");
			assertThat(trace.headers().firstValue("NumShield-Staleness-Ms")).contains("0");
			assertThat(json.readTree(trace.body()).get("holders")).extracting(h -> h.get("bindingId").asString())
				.containsExactly(id);
			assertThat(holdingQueriesFor(pair.primaryLog(), x)).hasSize(1);

			String body = json.writeValueAsString(Map.of("party", RealNumber.parse(a).e164(), "from", from.toString(),
					"to", Instant.now().plusSeconds(1).toString(), "reason", "fraud report 5"));
			HttpResponse<String> search = post("/v1/audit/party-search", body);
			assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
			assertThat(search.headers().firstValue("NumShield-Read-From")).contains("primary");
			HttpResponse<String> export = get("/v1/audit/events?from=" + enc(from.toString()) + "&to="
					+ enc(Instant.now().plusSeconds(1).toString()) + "&virtualNumber=" + x + "&reason="
					+ enc("audit 6"));
			assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
			assertThat(export.headers().firstValue("NumShield-Read-From")).contains("primary");
			assertThat(export.body()).contains("created:" + id);
			assertThat(exportsOf(pair.primaryLog(), x)).hasSize(1);

			HttpResponse<String> health = http().send(HttpRequest.newBuilder(http().uri("/actuator/health")).build());
			assertThat(health.statusCode()).as("a replica away is no reason to take the service out").isEqualTo(200);
			JsonNode replica = json.readTree(health.body()).get("components").get("replica");
			assertThat(replica.get("status").asString()).isEqualTo("UP");
			assertThat(replica.get("details").get("readsFrom").asString()).isEqualTo("primary");
			assertThat(replica.get("details").get("reason").asString()).isEqualTo("unreachable");
			assertThat(meters.counter("audit.reads", "server", "primary", "reason", "unreachable").count())
				.isPositive();
		}
		finally {
			pair.startReplica();
		}
		await().atMost(Duration.ofSeconds(30)).until(pair::replicaCaughtUp);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> trace(x, at).headers().firstValue("NumShield-Read-From").orElseThrow().equals("replica"));
	}

	/** The times the server ran the trace's query for {@code x}. */
	private static List<String> holdingQueriesFor(Path log, String x) throws IOException {
		return ran(log, "FROM holding WHERE virtual_number = $1", x);
	}

	/** The times the server ran the export's query of the entries of {@code x}. */
	private static List<String> exportsOf(Path log, String x) throws IOException {
		return ran(log, "SELECT * FROM ledger WHERE occurred_at", x);
	}

	/**
	 * The statements the server logged that contain {@code statement} and were given
	 * {@code value} as a parameter: the statement's line, and the next, the DETAIL with
	 * the bound parameters (the server writes both at once).
	 */
	private static List<String> ran(Path log, String statement, String value) throws IOException {
		List<String> lines = Files.readAllLines(log);
		List<String> found = new ArrayList<>();
		for (int i = 0; i + 1 < lines.size(); i++) {
			if (lines.get(i).contains(statement) && lines.get(i + 1).contains("parameters: ")
					&& lines.get(i + 1).contains(" = '" + value + "'")) {
				found.add(lines.get(i) + "\n" + lines.get(i + 1));
			}
		}
		return found;
	}

	private void awaitOnPrimary(String bindingId) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> primary.queryForObject("SELECT count(*) FROM holding WHERE binding_id = ?", Long.class,
					bindingId) > 0);
	}

	private HttpResponse<String> trace(String x, Instant at) throws Exception {
		return get("/v1/audit/trace?virtualNumber=" + x + "&at=" + at + "&reason=" + enc("case 11"));
	}

	private JsonNode health() throws Exception {
		return json.readTree(http().send(HttpRequest.newBuilder(http().uri("/actuator/health")).build()).body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http().get(path, Role.REGULATOR);
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return http().post(path, body, Role.REGULATOR);
	}

	private AuditHttp http() {
		return new AuditHttp(port);
	}

	private static String enc(String text) {
		return AuditHttp.enc(text);
	}

}
