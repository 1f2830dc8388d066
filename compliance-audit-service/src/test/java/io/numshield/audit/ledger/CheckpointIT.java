package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A ledger that anchors itself: the chain head is signed on schedule and at a retention
 * cut, the checkpoints and the key are published, and {@code scripts/verify-export.py}
 * (run with python3) checks an export against a checkpoint: an intact export passes; a
 * changed entry, a checkpoint whose hash was changed and one signed with another key
 * fail. Rows written with the old canonical form (hash_version 1) still verify, in the
 * service and in the script.
 */
class CheckpointIT extends AuditIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Path SCRIPT = Path.of("..", "scripts", "verify-export.py");

	@LocalServerPort
	int port;

	@Autowired
	CheckpointTask task;

	@Autowired
	LedgerMaintenance maintenance;

	@Autowired
	Ledger ledger;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	LedgerSigningKey key;

	@Autowired
	ObjectMapper json;

	@TempDir
	Path dir;

	@Test
	void signsTheChainHeadOnScheduleOnlyWhenItMoved() {
		ledger.append(List.of(entry()));
		long head = head();
		task.runOnce();
		Map<String, Object> signed = jdbc
			.queryForMap("SELECT * FROM ledger_checkpoint ORDER BY signed_at DESC, seq DESC LIMIT 1");
		assertThat(((Number) signed.get("seq")).longValue()).isGreaterThanOrEqualTo(head);
		assertThat(signed.get("reason")).isEqualTo("SCHEDULE");
		assertThat(signed.get("key_id")).isEqualTo(key.keyId());
		Checkpoints.Checkpoint c = new Checkpoints.Checkpoint(((Number) signed.get("seq")).longValue(),
				((String) signed.get("hash")).trim(), ((Timestamp) signed.get("signed_at")).toInstant(),
				(String) signed.get("reason"), "Ed25519", key.keyId(), key.publicKeyPem(), null);
		assertThat(c.hash())
			.isEqualTo(jdbc.queryForObject("SELECT hash FROM ledger WHERE seq = ?", String.class, c.seq()));
		assertThat(key.verify(c.message().getBytes(StandardCharsets.UTF_8),
				Base64.getDecoder().decode((String) signed.get("signature"))))
			.isTrue();

		long count = countCheckpoints();
		if (head() == c.seq()) {
			task.runOnce();
			assertThat(countCheckpoints()).as("nothing new, nothing signed").isEqualTo(count);
		}
		ledger.append(List.of(entry()));
		task.runOnce();
		assertThat(countCheckpoints()).isEqualTo(count + 1);
	}

	/**
	 * Several instances' tasks signing at the same moment: one checkpoint of the new
	 * head, not one each.
	 */
	@Test
	void signersAtTheSameMomentSignANewHeadOnce() throws Exception {
		ledger.append(List.of(entry()));
		long count = countCheckpoints();
		int signers = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(signers);
		try {
			List<Future<Checkpoints.Checkpoint>> signed = new ArrayList<>();
			for (int i = 0; i < signers; i++) {
				signed.add(pool.submit(() -> {
					start.await();
					return checkpoints.sign(Checkpoints.Reason.SCHEDULE);
				}));
			}
			start.countDown();
			for (Future<Checkpoints.Checkpoint> each : signed) {
				each.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(countCheckpoints()).isEqualTo(count + 1);
	}

	@Test
	void generatedItsSigningKeyIntoTheKeysDirectoryReadableByItsOwnerOnly() throws Exception {
		Path file = TestInfrastructure.get().keysDir().resolve(LedgerSigningKey.FILE);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.readString(file)).contains("-----BEGIN PRIVATE KEY-----").contains(key.publicKeyPem());
	}

	@Test
	void signsTheChainHeadAtARetentionCut() throws Exception {
		ledger.append(List.of(entry()));
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			sql.execute(
					"CREATE TABLE ledger_y2019m01 PARTITION OF ledger FOR VALUES FROM ('2019-01-01Z') TO ('2019-02-01Z')");
		}
		long before = jdbc.queryForObject("SELECT count(*) FROM ledger_checkpoint WHERE reason = 'RETENTION'",
				Long.class);
		assertThat(maintenance.applyRetention()).contains("ledger_y2019m01");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_checkpoint WHERE reason = 'RETENTION'", Long.class))
			.isEqualTo(before + 1);
		// nothing dropped, no cut to sign
		maintenance.applyRetention();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_checkpoint WHERE reason = 'RETENTION'", Long.class))
			.isEqualTo(before + 1);
	}

	@Test
	void theScriptChecksAnExportAgainstAPublishedCheckpoint() throws Exception {
		// the export is a contiguous chain only if it holds every entry recorded in the
		// run: some occurred days before they were recorded (DailyReportIT plants entries
		// of the days before yesterday), so the range reaches back a week
		Instant from = Instant.now().minus(Duration.ofDays(7));
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		Map<String, Object> lease = leases.lease(block, 11, PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				Duration.ofMinutes(30));
		String bindingId = (String) lease.get("id");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class,
					bindingId) >= 1);
		long oldForm = appendWithTheOldCanonicalForm();
		task.runOnce();
		Instant to = Instant.now().plus(Duration.ofMinutes(1));

		// the service verifies a chain holding rows of both forms
		JsonNode verified = ok(get("/v1/audit/verify?from=" + from + "&to=" + to, Role.OPERATOR));
		assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();

		JsonNode list = ok(get("/v1/audit/checkpoints?from=" + from + "&to=" + to, Role.REGULATOR));
		JsonNode checkpoint = list.get("checkpoints").get(list.get("checkpoints").size() - 1);
		assertThat(checkpoint.get("seq").asLong()).isGreaterThanOrEqualTo(oldForm);
		JsonNode published = ok(get("/v1/audit/checkpoints/key", Role.REGULATOR));
		assertThat(published.get("keyId").asString()).isEqualTo(checkpoint.get("keyId").asString());
		assertThat(published.get("publicKey").asString()).isEqualTo(checkpoint.get("publicKey").asString());
		assertThat(published.get("jwk").get("kty").asString()).isEqualTo("OKP");
		assertThat(published.get("jwk").get("crv").asString()).isEqualTo("Ed25519");
		Path publicKey = Files.writeString(dir.resolve("ledger-key.pem"), published.get("publicKey").asString());
		Path checkpointFile = Files.writeString(dir.resolve("checkpoint.json"), checkpoint.toString());

		HttpResponse<String> export = get("/v1/audit/events?from=" + from + "&to=" + to + "&reason="
				+ URLEncoder.encode("checkpoint check", StandardCharsets.UTF_8), Role.REGULATOR);
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.body()).contains("\"hashVersion\":1")
			.contains("\"hashVersion\":2")
			.contains("\"partyAIndex\"")
			.contains("\"parties\"");
		Path intact = Files.writeString(dir.resolve("intact.jsonl"), export.body());

		Result ok = script(intact, checkpointFile, publicKey);
		assertThat(ok.exit()).as(ok.output()).isZero();
		assertThat(json.readTree(ok.output()).get("verified").asBoolean()).isTrue();
		assertThat(script(intact, null, null).exit()).isZero();

		// an entry changed in the export: only its blind index, which the old form did
		// not cover
		List<String> lines = new ArrayList<>(export.body().lines().toList());
		int created = indexOf(lines, "\"eventId\":\"created:" + bindingId + "\"");
		ObjectNode changed = (ObjectNode) json.readTree(lines.get(created));
		changed.put("partyAIndex", "0".repeat(24));
		lines.set(created, changed.toString());
		Result tampered = script(Files.write(dir.resolve("changed.jsonl"), lines), checkpointFile, publicKey);
		assertThat(tampered.exit()).as(tampered.output()).isEqualTo(1);
		assertThat(json.readTree(tampered.output()).get("firstBadSeq").asLong()).isEqualTo(changed.get("seq").asLong());

		// a checkpoint whose hash was changed: its signature no longer holds
		ObjectNode forgedHash = (ObjectNode) checkpoint.deepCopy();
		forgedHash.put("hash", "f".repeat(64));
		Result forged = script(intact, Files.writeString(dir.resolve("forged.json"), forgedHash.toString()), publicKey);
		assertThat(forged.exit()).as(forged.output()).isEqualTo(1);
		assertThat(forged.output()).contains("signature");

		// a checkpoint signed by someone else's key (that key inside it): not the key the
		// regulator trusts
		var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		ObjectNode otherKey = (ObjectNode) checkpoint.deepCopy();
		otherKey.put("signature", sign(other.getPrivate(), checkpoint));
		otherKey.put("publicKey",
				"-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		Result impostor = script(intact, Files.writeString(dir.resolve("impostor.json"), otherKey.toString()),
				publicKey);
		assertThat(impostor.exit()).as(impostor.output()).isEqualTo(1);

		// an export that stops before the checkpoint's seq cannot prove it
		Result cut = script(Files.write(dir.resolve("cut.jsonl"), export.body().lines().limit(created).toList()),
				checkpointFile, publicKey);
		assertThat(cut.exit()).as(cut.output()).isEqualTo(1);
		assertThat(cut.output()).contains("does not hold the checkpoint");
	}

	/**
	 * Writes one row as the service did before V4 (hash_version 1), at the head, under
	 * the chain's lock.
	 */
	private long appendWithTheOldCanonicalForm() throws Exception {
		try (Connection owner = TestInfrastructure.get().connect()) {
			owner.setAutoCommit(false);
			try (Statement sql = owner.createStatement()) {
				sql.execute("SELECT pg_advisory_xact_lock(700700700)");
				long seq;
				String prev;
				try (ResultSet rs = sql.executeQuery("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1")) {
					rs.next();
					seq = rs.getLong(1) + 1;
					prev = rs.getString(2);
				}
				LedgerEntry e = new LedgerEntry("v1:" + UUID.randomUUID(), "ACCESS", Instant.now(), null, null, null,
						"700100000000003", null, null, "ab12", null, null, "{\"query\":\"trace\"}");
				try (PreparedStatement insert = owner
					.prepareStatement("INSERT INTO ledger (seq, event_id, type, occurred_at, "
							+ "recorded_at, virtual_number, party_a_index, details, prev_hash, hash, hash_version) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
					insert.setLong(1, seq);
					insert.setString(2, e.eventId());
					insert.setString(3, e.type());
					insert.setTimestamp(4, Timestamp.from(e.occurredAt()));
					insert.setTimestamp(5, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
					insert.setString(6, e.virtualNumber());
					insert.setString(7, e.partyAIndex());
					insert.setString(8, e.details());
					insert.setString(9, prev);
					insert.setString(10, Ledger.sha256(prev + "\n" + e.canonical(seq)));
					insert.executeUpdate();
				}
				owner.commit();
				return seq;
			}
		}
	}

	private record Result(int exit, String output) {
	}

	private Result script(Path export, Path checkpoint, Path publicKey) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
		if (checkpoint != null) {
			command.addAll(List.of("--checkpoint", checkpoint.toString(), "--public-key", publicKey.toString()));
		}
		Process p = new ProcessBuilder(command).redirectInput(export.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return new Result(p.waitFor(), out);
	}

	private static String sign(PrivateKey key, JsonNode c) throws Exception {
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(key);
		signer.update(
				String
					.join("\n", "numshield-ledger-checkpoint/1", c.get("seq").asString(), c.get("hash").asString(),
							c.get("signedAt").asString(), c.get("reason").asString())
					.getBytes(StandardCharsets.UTF_8));
		return Base64.getEncoder().encodeToString(signer.sign());
	}

	private static int indexOf(List<String> lines, String marker) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(marker)) {
				return i;
			}
		}
		throw new AssertionError("no line with " + marker);
	}

	private long head() {
		return jdbc.queryForObject("SELECT max(seq) FROM ledger", Long.class);
	}

	private long countCheckpoints() {
		return jdbc.queryForObject("SELECT count(*) FROM ledger_checkpoint", Long.class);
	}

	private static LedgerEntry entry() {
		return new LedgerEntry("test:" + UUID.randomUUID(), "ACCESS", Instant.now(), null, null, null, null, null, null,
				null, null, null, "{}");
	}

	private JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> get(String path, Role role) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + AuditTestContext.token(role))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
