package io.numshield.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.identity.IdType;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.token.Role;
import io.numshield.testsupport.IdentityFixtures;
import io.numshield.testsupport.PhoneFixtures;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Real-name reports in the ledger (issue 15, part 6): an IDENTITY_REPORTED entry, as
 * binding-service's outbox writes it, is ledgered (not dead-lettered) with ciphertext and
 * blind indexes only; a regulator's party search finds it by the phone and by the
 * document, in full, and the look-up is an ACCESS entry naming the reports it revealed.
 */
class IdentityReportSearchIT extends AuditIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	@Test
	void partySearchFindsTheReportsOfAPhoneAndOfADocumentAndRecordsTheAccess() throws Exception {
		String phone = PhoneFixtures.mobile();
		String name = IdentityFixtures.chineseName();
		String card = IdentityFixtures.idCard();
		Identity identity = Identity.of(RealNumber.parse(phone), name, IdType.ID_CARD, card);
		Instant from = Instant.now().minusSeconds(1);
		String current = report("plat-a", identity, null);
		String lapsed = report("plat-b", identity, Instant.now().minusSeconds(3600));
		// another person's report is not found
		report("plat-a", Identity.of(RealNumber.parse(PhoneFixtures.mobile()), IdentityFixtures.latinName(),
				IdType.PASSPORT, IdentityFixtures.passport()), null);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id IN (?, ?)", Long.class,
					"identity:" + current, "identity:" + lapsed) == 2);
		Instant to = Instant.now().plusSeconds(1);

		JsonNode byPhone = ok(search(
				Map.of("party", phone, "from", from.toString(), "to", to.toString(), "reason", "courier complaint 4")));
		assertThat(byPhone.get("holders")).isEmpty();
		assertThat(byPhone.get("identityReports")).singleElement().satisfies(r -> {
			assertThat(r.get("reportId").asString()).isEqualTo(current);
			assertThat(r.get("platformId").asString()).isEqualTo("plat-a");
			assertThat(r.get("phone").asString()).isEqualTo(PhoneFixtures.e164(phone));
			assertThat(r.get("name").asString()).isEqualTo(name);
			assertThat(r.get("idType").asString()).isEqualTo("ID_CARD");
			assertThat(r.get("idNumber").asString()).isEqualTo(card);
		});
		// by the document alone, written with a space and in lower case
		String lower = card.substring(0, 6) + " " + card.substring(6).toLowerCase();
		JsonNode byDocument = ok(search(Map.of("idType", "ID_CARD", "idNumber", lower, "from", from.toString(), "to",
				to.toString(), "reason", "courier complaint 4")));
		assertThat(byDocument.has("party")).isFalse();
		assertThat(byDocument.get("identityReports")).extracting(r -> r.get("reportId").asString())
			.containsExactly(current);
		// a period that the lapsed report still covered finds both
		JsonNode earlier = ok(search(Map.of("party", phone, "from", from.minusSeconds(7200).toString(), "to",
				to.toString(), "reason", "courier complaint 4")));
		assertThat(earlier.get("identityReports")).extracting(r -> r.get("reportId").asString())
			.containsExactlyInAnyOrder(current, lapsed);

		Map<String, Object> access = jdbc.queryForMap(
				"SELECT details FROM ledger WHERE type = 'ACCESS' " + "AND party_a_index = ? ORDER BY seq LIMIT 1",
				protector.blindIndex(RealNumber.parse(phone)));
		JsonNode details = json.readTree((String) access.get("details"));
		assertThat(details.get("query").asString()).isEqualTo("party-search");
		assertThat(details.get("identityReports")).extracting(JsonNode::asString).containsExactly(current);

		String dump = String.join("\n", jdbc.queryForList("SELECT l::text FROM ledger l", String.class));
		assertThat(dump).contains("identity:" + current).doesNotContain(name, card);
		for (String form : PhoneFixtures.forms(phone)) {
			assertThat(dump).doesNotContain(form);
		}
	}

	@Test
	void aSearchNeedsAPartyOrAWholeDocument() throws Exception {
		Instant now = Instant.now();
		for (Map<String, Object> body : List.<Map<String, Object>>of(
				Map.of("from", now.minusSeconds(60).toString(), "to", now.toString(), "reason", "r"), Map.of("idType",
						"ID_CARD", "from", now.minusSeconds(60).toString(), "to", now.toString(), "reason", "r"))) {
			HttpResponse<String> response = search(body);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(new AuditHttp(port)
			.post("/v1/audit/party-search",
					json.writeValueAsString(Map.of("idType", "ID_CARD", "idNumber", IdentityFixtures.idCard(), "from",
							now.minusSeconds(60).toString(), "to", now.toString(), "reason", "r")),
					Role.PLATFORM)
			.statusCode()).isEqualTo(403);
	}

	/**
	 * Writes an IDENTITY_REPORTED entry with the fields binding-service's outbox gives it
	 * (docs/events.md), on the stream of the phone's blind index; answers the report id.
	 */
	private String report(String platformId, Identity identity, Instant validUntil) {
		String reportId = "ir_" + UUID.randomUUID().toString().replace("-", "");
		String phoneIndex = protector.blindIndex(identity.phone());
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("v", "1");
		fields.put("eventId", "identity:" + reportId);
		fields.put("type", "IDENTITY_REPORTED");
		fields.put("occurredAt", Long.toString(Instant.now().toEpochMilli()));
		fields.put("platformId", platformId);
		fields.put("partyAIndex", phoneIndex);
		fields.put("number", identity.phone().masked());
		fields.put("reportId", reportId);
		fields.put("idType", identity.idType().name());
		fields.put("idIndex", protector.blindIndex(identity.idType(), identity.idNumber()));
		fields.put("identity", protector.encryptIdentity(identity));
		fields.put("validUntil", validUntil == null ? "" : Long.toString(validUntil.toEpochMilli()));
		fields.put("by", "test-key");
		redisson.<String, String>getStream(keys.events(VirtualShard.forKey(phoneIndex)), StringCodec.INSTANCE)
			.add(StreamAddArgs.entries(fields));
		return reportId;
	}

	private HttpResponse<String> search(Map<String, Object> body) throws Exception {
		return new AuditHttp(port).post("/v1/audit/party-search", json.writeValueAsString(body), Role.REGULATOR);
	}

	private JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

}
