package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.IdentityFixtures;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.api.RType;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * No fixture real number is in plaintext anywhere at rest: not in any Redis key, value or
 * stream entry of this run, not in any PostgreSQL row of this run's database, not in the
 * service's log. Every fixture number handed out in this JVM so far is looked for, in
 * national, E.164 and bare E.164 form.
 */
class PersonalDataScanIT extends BindingServiceITSupport {

	@Test
	void noRealNumberIsStoredOrLoggedInPlaintext() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String a = mobile();
		String b = mobile();
		Response axb = expect(call("POST", "/v1/bindings", token, axb("ORD-PD", a, b), "Idempotency-Key", "pd-1"), 201);
		expect(call("POST", "/v1/bindings", token, axn("ORD-PD", PhoneFixtures.e164(mobile()))), 201);
		// AXE, with and without a party B, with call controls of its own (issue 14)
		Map<String, Object> axe = AxeBindingIT.axe("ORD-PD", mobile(), mobile());
		axe.put("announcementId", "protected-call");
		Response axePair = expect(call("POST", "/v1/bindings", token, axe), 201);
		expect(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-PD", mobile(), null)), 201);
		expect(call("PATCH", "/v1/bindings/" + axePair.text("bindingId"), token, Map.of("partyB", mobile())), 200);
		expect(call("PATCH", "/v1/bindings/" + axb.text("bindingId"), token, Map.of("partyB", mobile())), 200);
		// AXG: a group, its members changed while bound (issue 15)
		String groupId = expect(call("POST", "/v1/groups", token,
				Map.of("orderId", "ORD-PD", "members", List.of(mobile(), PhoneFixtures.e164(mobile())))), 201)
			.text("groupId");
		Response axg = expect(call("POST", "/v1/bindings", token, AxgGroupIT.axg("ORD-PD", mobile(), groupId)), 201);
		String member = mobile();
		expect(call("POST", "/v1/groups/" + groupId + "/members", token, Map.of("numbers", List.of(member))), 200);
		expect(call("POST", "/v1/groups/" + groupId + "/members/removals", token, Map.of("numbers", List.of(member))),
				200);
		call("POST", "/v1/groups", token, Map.of("members", List.of(mobile(), "12345")));
		expect(call("POST", "/v1/blocklist", token(Role.REGULATOR, null), Map.of("number", mobile(), "reason", "scan")),
				201);
		// a platform's own blocklist (ADR 0025), its reason quoting another number
		expect(call("POST", "/v1/platform-blocklist", token,
				Map.of("number", mobile(), "reason", "spam, like " + mobile())), 201);
		String unlisted = mobile();
		expect(call("POST", "/v1/platform-blocklist", token, Map.of("number", unlisted, "reason", "scan")), 201);
		expect(call("POST", "/v1/platform-blocklist/removals", token, Map.of("number", unlisted, "reason", "scan")),
				200);
		String fixed = PhoneFixtures.fixedLine(7);
		expect(call("POST", "/v1/bindings", token, axb("ORD-PD", fixed, mobile())), 201);
		call("POST", "/v1/bindings", token, axb("ORD-PD", a, a));
		call("POST", "/v1/bindings", token, Map.of("mode", "AXB", "partyA", a));
		// a batch whose whole answer, failed items included, is remembered under its key
		// (issue 15)
		expect(call("POST", "/v1/bindings:batch", token,
				Map.of("bindings", List.of(axb("ORD-PD", mobile(), mobile()), axb("ORD-PD", a, a))), "Idempotency-Key",
				"pd-batch"), 200);
		expect(call("DELETE", "/v1/bindings/" + axb.text("bindingId"), token, null), 204);
		// notes quoting a number, of an operator's quarantine and a carrier's flag (issue
		// 15)
		expect(call("POST", "/v1/numbers/" + pool[1] + "0077/quarantine", operator(),
				Map.of("reason", "SPAM_REPORTS", "note", "reported by " + mobile())), 200);
		expect(call("POST", "/v1/numbers/" + pool[1] + "0078/flags",
				TestInfrastructure.get().mintToken(Audience.BINDING, "ck_scan", Role.CARRIER, null, pool[0]),
				Map.of("kind", "SPAM_REPORT", "note", "called " + PhoneFixtures.e164(mobile()))), 201);
		// real-name reports (issue 15): name and document number too, also in a refused
		// one
		expect(call("POST", "/v1/identity-reports", token, Map.of("phone", mobile(), "name",
				IdentityFixtures.chineseName(), "idType", "ID_CARD", "idNumber", IdentityFixtures.idCard())), 201);
		expect(call("POST", "/v1/identity-reports", token, Map.of("phone", mobile(), "name",
				IdentityFixtures.latinName(), "idType", "PASSPORT", "idNumber", IdentityFixtures.passport())), 201);
		String card = IdentityFixtures.idCard();
		expect(call("POST", "/v1/identity-reports", token, Map.of("phone", mobile(), "name",
				IdentityFixtures.chineseName(), "idType", "ID_CARD", "idNumber", card.substring(0, 17) + "Y")), 400);

		List<String> forbidden = new ArrayList<>();
		PhoneFixtures.issued().forEach(n -> forbidden.addAll(PhoneFixtures.forms(n)));
		forbidden.addAll(IdentityFixtures.issued());
		forbidden.add(card.substring(0, 17));
		assertThat(forbidden).hasSizeGreaterThan(20);

		String redisDump = dumpRedis();
		assertThat(redisDump).contains(axb.text("bindingId"))
			.contains("BINDING_CREATED")
			.contains(axePair.text("bindingId").substring(2))
			.contains(":k:" + axePair.text("virtualNumber"))
			.contains("NUMBER_QUARANTINED")
			.contains("NUMBER_FLAGGED")
			.contains(":g:" + groupId)
			.contains(":gm:" + axg.text("bindingId"))
			.contains("GROUP_MEMBERS_ADDED")
			.contains(":pbl:" + platformId)
			.contains("PLATFORM_BLOCKLIST_ADDED");
		assertNone(forbidden, redisDump, "Redis");

		String database = dumpDatabase();
		assertThat(database).contains(platformId)
			.contains("blocked_number")
			.contains("ir_")
			.contains("platform_blocked_number")
			.contains("platform_blocklist_change");
		assertNone(forbidden, database, "PostgreSQL");

		String log = Files.readString(Path.of(LOG_FILE));
		assertThat(log).contains("VALIDATION_FAILED").contains("live state mirrored to Redis");
		assertNone(forbidden, log, "the log");
	}

	private static void assertNone(List<String> forbidden, String haystack, String where) {
		for (String number : forbidden) {
			assertThat(haystack).as("a fixture number in " + where).doesNotContain(number);
		}
	}

	private String dumpRedis() {
		StringBuilder out = new StringBuilder();
		var redisKeys = redisson.getKeys();
		for (String key : redisKeys.getKeys(KeysScanOptions.defaults().pattern(keys.prefix() + "*").chunkSize(1000))) {
			out.append(key).append('\n');
			RType type = redisKeys.getType(key);
			if (type == null) {
				continue; // gone since the scan saw it (a lock, an expired key)
			}
			Object content = switch (type) {
				case OBJECT -> redisson.getBucket(key, StringCodec.INSTANCE).get();
				case MAP -> redisson.getMap(key, StringCodec.INSTANCE).readAllMap();
				case SET -> redisson.getSet(key, StringCodec.INSTANCE).readAll();
				case ZSET -> redisson.getScoredSortedSet(key, StringCodec.INSTANCE).readAll();
				case LIST -> redisson.getList(key, StringCodec.INSTANCE).readAll();
				case STREAM ->
					redisson.getStream(key, StringCodec.INSTANCE).range(StreamMessageId.MIN, StreamMessageId.MAX);
				default -> "";
			};
			out.append(content instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList())
					: String.valueOf(content))
				.append('\n');
		}
		return out.toString();
	}

	private static String dumpDatabase() throws Exception {
		StringBuilder out = new StringBuilder();
		try (Connection c = TestInfrastructure.get().connect(); Statement s = c.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			for (String table : tables) {
				out.append(table).append('\n');
				try (ResultSet rs = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
					while (rs.next()) {
						out.append(rs.getString(1)).append('\n');
					}
				}
			}
		}
		return out.toString();
	}

}
