package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.token.Role;
import io.numshield.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A change that PostgreSQL refuses at commit changes nothing (issue 17, point 3): not the
 * Redis mirrors the lease and routing scripts read, not the audit streams, not the rows.
 * The refusal is real: a deferred constraint trigger, which PostgreSQL runs at COMMIT,
 * raises for a row carrying a marker the test chooses, after every statement of the
 * change has succeeded. Each test drops its trigger again. The change's audit event is a
 * row of its transaction (ADR 0016): no row is left in {@code audit_outbox} either.
 */
class RefusedChangeIT extends BindingServiceITSupport {

	/**
	 * Refuses a row whose JSON form contains the trigger's argument; a constraint
	 * trigger's result is ignored.
	 */
	private static final String REFUSING_FUNCTION = """
			CREATE OR REPLACE FUNCTION test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
			  IF strpos(row_to_json(NEW)::text, TG_ARGV[0]) > 0 THEN
			    RAISE EXCEPTION 'refused at commit by the test: %', TG_ARGV[0];
			  END IF;
			  RETURN NULL;
			END $$""";

	@Autowired
	PersonalDataProtector protector;

	@Test
	void aBlockRefusedAtCommitLeavesTheNumberUnblockedEverywhere() throws Exception {
		String number = mobile();
		String index = protector.blindIndex(RealNumber.parse(number));
		String marker = marker("refuse-block");

		Response refused = refusedAtCommit("blocklist_change", marker, () -> call("POST", "/v1/blocklist",
				token(Role.REGULATOR, null), Map.of("number", number, "reason", "fraud " + marker)));

		assertProblem(refused);
		assertThat(blockedIn(index)).as("shards whose bl set holds the number").isEmpty();
		assertThat(eventsAbout("partyAIndex", index)).isEmpty();
		assertThat(outboxRowsWith(index)).as("audit outbox rows").isZero();
		assertThat(rows("SELECT count(*) FROM blocklist_change WHERE blind_index = ?", index)).isZero();
		assertThat(rows("SELECT count(*) FROM blocked_number WHERE blind_index = ?", index)).isZero();
	}

	@Test
	void anUnblockRefusedAtCommitLeavesTheNumberBlockedEverywhere() throws Exception {
		String number = mobile();
		String index = protector.blindIndex(RealNumber.parse(number));
		String marker = marker("refuse-unblock");
		expect(call("POST", "/v1/blocklist", token(Role.REGULATOR, null), Map.of("number", number, "reason", "fraud")),
				201);
		List<Map<String, String>> eventsBefore = eventsAbout("partyAIndex", index);

		Response refused = refusedAtCommit("blocklist_change", marker, () -> call("POST", "/v1/blocklist/removals",
				token(Role.REGULATOR, null), Map.of("number", number, "reason", "cleared " + marker)));

		assertProblem(refused);
		assertThat(blockedIn(index)).as("shards whose bl set holds the number").hasSize(VirtualShard.COUNT);
		assertThat(eventsAbout("partyAIndex", index)).isEqualTo(eventsBefore);
		assertThat(outboxRowsWith(index, "BLOCKLIST_REMOVED")).as("audit outbox rows").isZero();
		assertThat(rows("SELECT count(*) FROM blocklist_change WHERE blind_index = ?", index)).isEqualTo(1);
		assertThat(rows("SELECT count(*) FROM blocked_number WHERE blind_index = ?", index)).isEqualTo(1);
	}

	@Test
	void aSuspensionRefusedAtCommitLeavesThePlatformActiveEverywhere() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String marker = marker("refuse-suspend");
		List<Map<String, String>> eventsBefore = eventsAbout("platformId", platformId);

		Response refused = refusedAtCommit("platform_status_change", marker, () -> call("POST",
				"/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit " + marker)));

		assertProblem(refused);
		assertThat(mirroredStatuses(platformId)).containsOnly("ACTIVE").hasSize(VirtualShard.COUNT);
		assertThat(eventsAbout("platformId", platformId)).isEqualTo(eventsBefore);
		assertThat(outboxRowsWith(platformId, "SUSPENDED")).as("audit outbox rows").isZero();
		assertThat(rows("SELECT count(*) FROM platform_status_change WHERE platform_id = ?", platformId)).isEqualTo(1);
		assertThat(expect(call("GET", "/v1/platforms/" + platformId, operator(), null), 200).text("status"))
			.isEqualTo("ACTIVE");
		// and the platform still leases: the refused suspension is enforced nowhere
		expect(call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-RC1", mobile(), mobile())), 201);
	}

	@Test
	void aRevocationRefusedAtCommitReleasesNoBinding() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String id = expect(call("POST", "/v1/bindings", token, axb("ORD-RC2", mobile(), mobile())), 201)
			.text("bindingId");
		String marker = marker("refuse-revoke");
		List<Map<String, String>> eventsBefore = eventsAbout("platformId", platformId);

		Response refused = refusedAtCommit("platform_status_change", marker, () -> call("POST",
				"/v1/platforms/" + platformId + "/revoke", operator(), Map.of("reason", "fraud " + marker)));

		assertProblem(refused);
		assertThat(mirroredStatuses(platformId)).containsOnly("ACTIVE").hasSize(VirtualShard.COUNT);
		assertThat(expect(call("GET", "/v1/bindings/" + id, token, null), 200).text("status")).isEqualTo("ACTIVE");
		assertThat(eventsOf(id)).extracting(e -> e.get("type")).containsExactly("BINDING_CREATED");
		assertThat(eventsAbout("platformId", platformId)).as("no PLATFORM_STATUS_CHANGED, no BINDING_RELEASED")
			.isEqualTo(eventsBefore);
		assertThat(outboxRowsWith(platformId, "REVOKED")).as("audit outbox rows").isZero();
	}

	@Test
	void aPlatformRefusedAtCommitIsInNoMirror() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = uniqueId("refuse-create");

		Response refused = refusedAtCommit("platform_status_change", platformId,
				() -> call("POST", "/v1/platforms", operator(), Map.of("platformId", platformId, "name",
						"Refused platform", "pools", List.of(pool[0]), "callbackUrl", "http://127.0.0.1:9999/events")));

		assertProblem(refused);
		assertThat(mirroredStatuses(platformId)).isEmpty();
		assertThat(redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE).containsKey(platformId))
			.isFalse();
		assertThat(eventsAbout("platformId", platformId)).isEmpty();
		assertThat(outboxRowsWith(platformId)).as("audit outbox rows").isZero();
		assertThat(rows("SELECT count(*) FROM platform WHERE platform_id = ?", platformId)).isZero();
		assertThat(call("GET", "/v1/platforms/" + platformId, operator(), null).status()).isEqualTo(404);
	}

	@Test
	void blocksRefusedAtCommitAreNotLeasable() throws Exception {
		String poolId = uniqueId("pool");
		expect(call("POST", "/v1/pools", operator(), Map.of("poolId", poolId, "numberKind", "SEGMENT_700")), 201);
		String kept = nextBlock();
		String refusedBlock = nextBlock();

		Response refused = refusedAtCommit("pool_block", refusedBlock,
				() -> call("POST", "/v1/pools/" + poolId + "/blocks", operator(),
						Map.of("managementNumbers", List.of(kept, refusedBlock))));

		assertProblem(refused);
		for (String digits : List.of(kept, refusedBlock)) {
			ManagementNumber block = new ManagementNumber(digits);
			assertThat(redisson.<String, String>getMap(keys.blocks(block.shard()), StringCodec.INSTANCE)
				.containsKey(digits)).as("block %s registered", digits).isFalse();
			assertThat(redisson.getBucket(keys.freeMap(block), StringCodec.INSTANCE).isExists())
				.as("free map of %s", digits)
				.isFalse();
		}
		assertThat(rows("SELECT count(*) FROM pool_block WHERE pool_id = ?", poolId)).isZero();
		assertThat(expect(call("GET", "/v1/pools/" + poolId, operator(), null), 200).json().get("blocks").asLong())
			.isZero();
	}

	// ---- helpers

	/**
	 * Runs {@code change} while a deferred trigger on {@code table} refuses, at commit,
	 * any row holding {@code marker}.
	 */
	private static Response refusedAtCommit(String table, String marker, java.util.function.Supplier<Response> change)
			throws SQLException {
		String trigger = "test_refuse_" + table;
		try (Connection c = TestInfrastructure.get().connect(); Statement s = c.createStatement()) {
			// made here, not before the class: Flyway wants an empty schema when the
			// context starts
			s.execute(REFUSING_FUNCTION);
			s.execute("CREATE CONSTRAINT TRIGGER " + trigger + " AFTER INSERT OR UPDATE ON " + table
					+ " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_marked('" + marker
					+ "')");
		}
		try {
			return change.get();
		}
		finally {
			try (Connection c = TestInfrastructure.get().connect(); Statement s = c.createStatement()) {
				s.execute("DROP TRIGGER " + trigger + " ON " + table);
			}
		}
	}

	private static void assertProblem(Response refused) {
		assertThat(refused.status()).as(refused.body()).isEqualTo(500);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.code()).isEqualTo("INTERNAL_ERROR");
	}

	private List<VirtualShard> blockedIn(String index) {
		List<VirtualShard> shards = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			if (redisson.getSet(keys.blocklist(shard), StringCodec.INSTANCE).contains(index)) {
				shards.add(shard);
			}
		}
		return shards;
	}

	private List<String> mirroredStatuses(String platformId) {
		List<String> statuses = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			String status = redisson.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE)
				.get(platformId);
			if (status != null) {
				statuses.add(PlatformCallbacks.status(status));
			}
		}
		return statuses;
	}

	private List<Map<String, String>> eventsAbout(String field, String value) {
		return allEvents().stream().filter(e -> value.equals(e.get(field))).toList();
	}

	private static long rows(String sql, String value) throws SQLException {
		try (Connection c = TestInfrastructure.get().connect(); PreparedStatement s = c.prepareStatement(sql)) {
			s.setString(1, value);
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	/**
	 * Rows of the audit outbox whose fields hold every one of {@code values} (a refused
	 * change leaves none).
	 */
	private static long outboxRowsWith(String... values) throws SQLException {
		try (Connection c = TestInfrastructure.get().connect();
				PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_outbox WHERE fields @> ?")) {
			s.setArray(1, c.createArrayOf("text", values));
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	/**
	 * A marker of letters only: it travels inside a reason, and reasons are masked where
	 * they hold a run of digits that could be a phone number, so a marker with digits (as
	 * {@code uniqueId} makes) was sometimes stored masked, the trigger did not find it,
	 * and the change was not refused.
	 */
	private static String marker(String prefix) {
		StringBuilder marker = new StringBuilder(prefix).append('-');
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int i = 0; i < 12; i++) {
			marker.append((char) ('a' + random.nextInt(26)));
		}
		return marker.toString();
	}

}
