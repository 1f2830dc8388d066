package io.numshield.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RouteCall;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both streams of a shard reach the ledger: call events from the call stream, which the
 * trimmer trims like the lease stream; and the events the gateway (API keys) and
 * binding-service (the blocklist) write to the lease stream become ledger rows in the
 * existing columns.
 */
class AuditStreamsIT extends AuditIntegrationTest {

	@Autowired
	StreamTrimmer trimmer;

	@Test
	void ingestsCallDecisionsFromTheCallStreamAndTrimsIt() {
		ManagementNumber block = leases().newBlock();
		VirtualNumber x = block.numberAt(3);
		RealNumber caller = RealNumber.parse(PhoneFixtures.mobile());
		String eventId = "routed:audit-call:" + UUID.randomUUID();
		RouteCall.Decision answer = scripts.call(new RouteCall(x.digits(), "audit-call", protector.blindIndex(caller),
				protector.encryptParties(List.of(caller)), "VOICE", 30, 600_000, 86_400_000, 86_400_000, eventId,
				100_000), keys.shardBase(x.shard()));
		assertThat(answer.action()).isEqualTo("REJECT");
		RStream<String, String> calls = redisson.getStream(keys.calls(x.shard()), StringCodec.INSTANCE);

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id = ?", Long.class, eventId) == 1
					&& calls.getPendingInfo("audit").getTotal() == 0);
		Map<String, Object> row = jdbc
			.queryForMap("SELECT type, virtual_number, details FROM ledger WHERE event_id = ?", eventId);
		assertThat(row.get("type")).isEqualTo("CALL_ROUTED");
		assertThat(row.get("virtual_number")).isEqualTo(x.digits());
		assertThat(row.get("details").toString()).contains("NO_BINDING").contains(protector.blindIndex(caller));

		trimmer.trimAll();
		// the audit group's last delivered entry stays; everything below it is gone
		assertThat(calls.size()).isEqualTo(1);
	}

	@Test
	void storesKeyAndBlocklistEventsAsLedgerRows() throws Exception {
		String keyId = "pk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
		String issued = add(keyId, Map.of("type", "API_KEY_ISSUED", "platformId", "audit-plat", "keyId", keyId, "role",
				"PLATFORM", "status", "ACTIVE", "by", "ok_first"));
		String approved = add(keyId, Map.of("type", "API_KEY_APPROVED", "platformId", "audit-plat", "keyId", keyId,
				"role", "PLATFORM", "status", "ACTIVE", "by", "ok_second"));
		String revoked = add(keyId, Map.of("type", "API_KEY_REVOKED", "platformId", "audit-plat", "keyId", keyId,
				"role", "PLATFORM", "status", "REVOKED", "by", "ok_second"));
		String number = PhoneFixtures.mobile();
		RealNumber blocked = RealNumber.parse(number);
		String index = protector.blindIndex(blocked);
		String added = add(index, Map.of("type", "BLOCKLIST_ADDED", "partyAIndex", index, "number", blocked.masked(),
				"reason", "harassment", "by", "rk_regulator"));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id IN (?, ?, ?, ?)", Long.class,
					issued, approved, revoked, added) == 4);
		assertThat(jdbc.queryForList("SELECT type FROM ledger WHERE details::jsonb ->> 'keyId' = ? ORDER BY seq",
				String.class, keyId))
			.containsExactly("API_KEY_ISSUED", "API_KEY_APPROVED", "API_KEY_REVOKED");
		Map<String, Object> first = jdbc.queryForMap("SELECT * FROM ledger WHERE event_id = ?", issued);
		assertThat(first.get("type")).isEqualTo("API_KEY_ISSUED");
		assertThat(first.get("platform_id")).isEqualTo("audit-plat");
		JsonNode details = JsonMapper.builder().build().readTree(first.get("details").toString());
		assertThat(details.get("keyId").asString()).isEqualTo(keyId);
		assertThat(details.get("role").asString()).isEqualTo("PLATFORM");
		assertThat(details.get("by").asString()).isEqualTo("ok_first");

		Map<String, Object> block = jdbc.queryForMap("SELECT * FROM ledger WHERE event_id = ?", added);
		assertThat(block.get("type")).isEqualTo("BLOCKLIST_ADDED");
		assertThat(block.get("party_a_index")).isEqualTo(index);
		assertThat(block.get("party_a")).isEqualTo(blocked.masked());
		assertThat(block.get("details").toString()).contains("harassment")
			.contains("rk_regulator")
			.doesNotContain(blocked.masked());
		for (String form : PhoneFixtures.forms(number)) {
			assertThat(block.toString()).doesNotContain(form);
		}
	}

	@Test
	void storesNumberLifecycleEventsAsLedgerRows() {
		ManagementNumber block = leases().newBlock();
		VirtualNumber x = block.numberAt(42);
		String base = keys.shardBase(x.shard());
		String quarantined = "quarantine:" + UUID.randomUUID();
		String flagged = "flag:" + UUID.randomUUID();
		String lifted = "quarantine-lifted:" + UUID.randomUUID();
		// the scripts binding-service runs (ADR 0026): a quarantine, a carrier's flag, a
		// lift
		scripts.answer(LeaseScript.NUMBER, base, "QUARANTINE", x.digits(), quarantined, "ok_operator", "SPAM_REPORTS",
				"", "user reports", "", "0", "0");
		scripts.answer(LeaseScript.NUMBER, base, "FLAG", x.digits(), flagged, "ck_carrier", "", "", "", "SPAM_REPORT",
				"3", "604800000");
		scripts.answer(LeaseScript.NUMBER, base, "LIFT", x.digits(), lifted, "ok_operator", "reviewed", "", "", "", "0",
				"0");
		// binding-service's outbox events of a block
		String draining = add(block.digits(), Map.of("type", "BLOCK_DRAINING", "managementNumber", block.digits(),
				"poolId", "audit-pool", "by", "ok_operator"));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id IN (?, ?, ?, ?)", Long.class,
					quarantined, flagged, lifted, draining) == 4);
		assertThat(jdbc.queryForList("SELECT type FROM ledger WHERE virtual_number = ? ORDER BY seq", String.class,
				x.digits()))
			.containsExactly("NUMBER_QUARANTINED", "NUMBER_FLAGGED", "NUMBER_QUARANTINE_LIFTED");
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger WHERE event_id = ?", quarantined);
		assertThat(row.get("details").toString()).contains("SPAM_REPORTS")
			.contains("ok_operator")
			.contains(block.digits());
		assertThat(jdbc.queryForObject("SELECT details FROM ledger WHERE event_id = ?", String.class, flagged))
			.contains("SPAM_REPORT")
			.contains("ck_carrier");
		assertThat(jdbc.queryForObject("SELECT details FROM ledger WHERE event_id = ?", String.class, draining))
			.contains("audit-pool");
	}

	/**
	 * A platform's own blocklist change (binding-service, ADR 0025) is a ledger row with
	 * its platform, the number's blind index and masked form, as the regulators' list's.
	 */
	@Test
	void storesPlatformBlocklistEventsAsLedgerRowsOfThePlatform() {
		RealNumber blocked = RealNumber.parse(PhoneFixtures.mobile());
		String index = protector.blindIndex(blocked);
		String added = add(index, Map.of("type", "PLATFORM_BLOCKLIST_ADDED", "platformId", "audit-plat", "partyAIndex",
				index, "number", blocked.masked(), "reason", "spam", "by", "pk_platform"));
		String removed = add(index, Map.of("type", "PLATFORM_BLOCKLIST_REMOVED", "platformId", "audit-plat",
				"partyAIndex", index, "number", blocked.masked(), "reason", "apologised", "by", "pk_platform"));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id IN (?, ?)", Long.class, added,
					removed) == 2);
		assertThat(jdbc.queryForList("SELECT type FROM ledger WHERE event_id IN (?, ?) ORDER BY seq", String.class,
				added, removed))
			.containsExactly("PLATFORM_BLOCKLIST_ADDED", "PLATFORM_BLOCKLIST_REMOVED");
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger WHERE event_id = ?", added);
		assertThat(row.get("platform_id")).isEqualTo("audit-plat");
		assertThat(row.get("party_a_index")).isEqualTo(index);
		assertThat(row.get("party_a")).isEqualTo(blocked.masked());
		assertThat(row.get("details").toString()).contains("spam").contains("pk_platform");
	}

	/**
	 * XADDs an event to the lease stream of the key's shard, as the gateway and
	 * binding-service do; answers its eventId.
	 */
	private String add(String shardKey, Map<String, String> fields) {
		String eventId = "test:" + UUID.randomUUID();
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("v", "1");
		entry.put("eventId", eventId);
		entry.put("occurredAt", Long.toString(System.currentTimeMillis()));
		entry.putAll(fields);
		redisson.<String, String>getStream(keys.events(VirtualShard.forKey(shardKey)), StringCodec.INSTANCE)
			.add(StreamAddArgs.entries(entry));
		return eventId;
	}

}
