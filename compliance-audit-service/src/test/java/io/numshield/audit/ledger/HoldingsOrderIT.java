package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.ObjectMapper;

/**
 * A consumer that stopped holding a binding's creation lets newer events of that binding
 * reach the ledger first; the holdings still say who held the number when, once the
 * creation is claimed.
 */
class HoldingsOrderIT extends AuditIntegrationTest {

	@Autowired
	Ledger ledger;

	@Autowired
	ObjectMapper json;

	@Autowired
	ChainVerifier verifier;

	private final Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);

	@Test
	void anEndBeforeItsCreationLeavesTheHoldingClosed() {
		String id = BindingId.random(new VirtualShard(5)).value();
		Instant released = created.plusSeconds(120);
		ledger.append(List.of(event("BINDING_RELEASED", "released:" + id, id, released,
				Map.of("releasedAt", ms(released), "reason", "DELETED"))));
		ledger.append(
				List.of(event("BINDING_CREATED", "created:" + id, id, created, Map.of("industrialId", "MIIT-LATE-1"))),
				Set.of("created:" + id));

		Map<String, Object> row = jdbc.queryForMap("SELECT count(*) OVER () AS n, valid_to, released_at, "
				+ "release_reason, industrial_id FROM holding WHERE binding_id = ?", id);
		assertThat(row.get("n")).isEqualTo(1L);
		assertThat(row.get("industrial_id")).as("the late creation's identifier (ADR 0028)").isEqualTo("MIIT-LATE-1");
		assertThat(((Timestamp) row.get("valid_to")).toInstant()).isEqualTo(released);
		assertThat(((Timestamp) row.get("released_at")).toInstant()).isEqualTo(released);
		assertThat(row.get("release_reason")).isEqualTo("DELETED");
		assertRebuiltAlike(id);
	}

	@Test
	void aChangeOfPartyBBeforeItsCreationClosesTheFirstPeriodWhereTheSecondBegins() {
		String id = BindingId.random(new VirtualShard(6)).value();
		Instant changed = created.plusSeconds(60);
		Instant released = created.plusSeconds(180);
		ledger
			.append(List.of(event("BINDING_UPDATED", "updated:" + id + ":1", id, changed, Map.of("changes", "partyB")),
					event("BINDING_RELEASED", "released:" + id, id, released,
							Map.of("releasedAt", ms(released), "reason", "DELETED"))));
		ledger.append(
				List.of(event("BINDING_CREATED", "created:" + id, id, created, Map.of("industrialId", "MIIT-LATE-2"))),
				Set.of("created:" + id));

		List<Map<String, Object>> rows = jdbc.queryForList("SELECT valid_from, valid_to, released_at, industrial_id "
				+ "FROM holding WHERE binding_id = ? ORDER BY valid_from", id);
		assertThat(rows).hasSize(2);
		assertThat(rows).as("both periods carry the late creation's identifier")
			.allSatisfy(r -> assertThat(r.get("industrial_id")).isEqualTo("MIIT-LATE-2"));
		assertThat(((Timestamp) rows.get(0).get("valid_from")).toInstant()).isEqualTo(created);
		assertThat(((Timestamp) rows.get(0).get("valid_to")).toInstant()).isEqualTo(changed);
		assertThat(((Timestamp) rows.get(1).get("valid_to")).toInstant()).isEqualTo(released);
		assertThat(rows)
			.allSatisfy(r -> assertThat(((Timestamp) r.get("released_at")).toInstant()).isEqualTo(released));
		assertRebuiltAlike(id);
	}

	/**
	 * A round is applied in waves of batches (the first event of every binding, then the
	 * second...): the holdings must say what applying the events one by one said. Checked
	 * against the values themselves, not only against verify, whose rebuild runs the same
	 * code.
	 */
	@Test
	void aRoundHoldingWholeBindingLivesLeavesTheHoldingsOfEachStep() {
		String changing = BindingId.random(new VirtualShard(7)).value();
		String extended = BindingId.random(new VirtualShard(8)).value();
		String plain = BindingId.random(new VirtualShard(9)).value();
		Instant changed = created.plusSeconds(60);
		Instant released = created.plusSeconds(180);
		// shortened into the past: a live holding left behind would be rebuilt by
		// LeaseRebuildIT into a pool it does not know
		Instant newExpiry = created.plusSeconds(300);
		// interleaved as the streams of three shards give them: each binding in its own
		// order
		ledger.append(List.of(event("BINDING_CREATED", "created:" + changing, changing, created, Map.of()),
				event("BINDING_CREATED", "created:" + extended, extended, created, Map.of()),
				event("BINDING_UPDATED", "updated:" + changing + ":1", changing, changed, Map.of("changes", "partyB")),
				event("BINDING_CREATED", "created:" + plain, plain, created, Map.of()),
				event("BINDING_UPDATED", "updated:" + extended + ":1", extended, changed,
						Map.of("changes", "expiresAt", "expiresAt", ms(newExpiry))),
				event("BINDING_RELEASED", "released:" + changing, changing, released,
						Map.of("releasedAt", ms(released), "reason", "DELETED")),
				event("BINDING_EXPIRED", "expired:" + plain, plain, released,
						Map.of("releasedAt", ms(released), "reason", "EXPIRED"))));

		List<Map<String, Object>> periods = jdbc
			.queryForList("SELECT valid_from, valid_to, released_at, release_reason "
					+ "FROM holding WHERE binding_id = ? ORDER BY valid_from", changing);
		assertThat(periods).hasSize(2);
		assertThat(instant(periods.get(0), "valid_from")).isEqualTo(created);
		assertThat(instant(periods.get(0), "valid_to")).isEqualTo(changed);
		assertThat(instant(periods.get(1), "valid_from")).isEqualTo(changed);
		assertThat(instant(periods.get(1), "valid_to")).isEqualTo(released);
		assertThat(periods).allSatisfy(p -> {
			assertThat(instant(p, "released_at")).isEqualTo(released);
			assertThat(p.get("release_reason")).isEqualTo("DELETED");
		});

		Map<String, Object> live = jdbc.queryForMap("SELECT count(*) OVER () AS n, expires_at, valid_to, released_at "
				+ "FROM holding WHERE binding_id = ?", extended);
		assertThat(live.get("n")).isEqualTo(1L);
		assertThat(instant(live, "expires_at")).isEqualTo(newExpiry);
		assertThat(live.get("valid_to")).isNull();
		assertThat(live.get("released_at")).isNull();

		Map<String, Object> ended = jdbc.queryForMap(
				"SELECT count(*) OVER () AS n, valid_to, release_reason " + "FROM holding WHERE binding_id = ?", plain);
		assertThat(ended.get("n")).isEqualTo(1L);
		assertThat(instant(ended, "valid_to")).isEqualTo(released);
		assertThat(ended.get("release_reason")).isEqualTo("EXPIRED");

		ChainVerifier.Verification v = verifier.verify(Instant.now().minusSeconds(86_400),
				Instant.now().plusSeconds(60));
		assertThat(v.holdingsDiffering()).doesNotContain(changing, extended, plain);
	}

	/**
	 * A change of the recording flag or of the call controls (PATCH) leaves the holding
	 * with the binding's new ones: what a lease rebuild puts back.
	 */
	@Test
	void aChangeOfCallControlsAndRecordingIsTheHoldingsFromThenOn() {
		String id = BindingId.random(new VirtualShard(8)).value();
		ledger.append(List.of(event("BINDING_CREATED", "created:" + id, id, created, Map.of("callControls", "120,,")),
				event("BINDING_UPDATED", "updated:" + id + ":1", id, created.plusSeconds(30), Map.of("changes",
						"callControls,recording", "callControls", "300,ann-1,tone-3", "recording", "1"))));

		Map<String, Object> row = jdbc.queryForMap(
				"SELECT count(*) OVER () AS n, recording, call_controls, valid_to FROM holding WHERE binding_id = ?",
				id);
		assertThat(row.get("n")).isEqualTo(1L);
		assertThat(row.get("recording")).isEqualTo(true);
		assertThat(row.get("call_controls")).isEqualTo("300,ann-1,tone-3");
		assertThat(row.get("valid_to")).isNull();
		// ended, so that no other test's lease rebuild finds a live binding of a block no
		// shard knows
		Instant released = created.plusSeconds(60);
		ledger.append(List.of(event("BINDING_RELEASED", "released:" + id, id, released, Map.of("releasedAt",
				ms(released), "reason", "DELETED", "callControls", "300,ann-1,tone-3", "recording", "1"))));
		assertThat(jdbc.queryForObject(
				"SELECT call_controls FROM holding WHERE binding_id = ? AND valid_to IS NOT NULL", String.class, id))
			.isEqualTo("300,ann-1,tone-3");
		assertRebuiltAlike(id);
	}

	/**
	 * verify, rebuilding the holdings from the ledger in seq order, finds what ingestion
	 * made of the late arrivals.
	 */
	private void assertRebuiltAlike(String id) {
		ChainVerifier.Verification v = verifier.verify(Instant.now().minusSeconds(86_400),
				Instant.now().plusSeconds(60));
		assertThat(v.holdingsDiffering()).doesNotContain(id);
		assertThat(v.verified()).as(v.toString()).isTrue();
	}

	/** An entry as the ingestor makes it from a lease script's stream fields. */
	private LedgerEntry event(String type, String eventId, String bindingId, Instant at, Map<String, String> extra) {
		Map<String, String> details = new TreeMap<>(
				Map.of("createdAt", ms(created), "expiresAt", ms(created.plusSeconds(1800)), "mode", "AXB", "poolId",
						"order-pool", "direction", "BOTH", "recording", "0"));
		details.putAll(extra);
		return new LedgerEntry(eventId, type, at, "order-plat", bindingId, "ORD-" + bindingId, "700100000000077",
				"138****0000", "139****0000", "idx-a-" + bindingId, "idx-b-" + bindingId, "ciphertext",
				json.writeValueAsString(details));
	}

	private static Instant instant(Map<String, Object> row, String column) {
		return ((Timestamp) row.get(column)).toInstant();
	}

	private static String ms(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

}
