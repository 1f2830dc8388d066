package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.binding.identity.IdentityReportRetention;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.identity.IdType;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.testsupport.IdentityFixtures;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Real-name reports (issue 15, part 6): a platform reports who holds a party A number,
 * reads its reports back masked, never another platform's; the report is an
 * IDENTITY_REPORTED entry on the audit stream with ciphertext only; and a pool that
 * requires a report leases to a party A only while its platform has a current one.
 */
class IdentityReportIT extends BindingServiceITSupport {

	@Autowired
	PersonalDataProtector protector;

	@Autowired
	JdbcTemplate jdbc;

	private static Map<String, Object> report(String phone, String name, String idType, String idNumber) {
		return new HashMap<>(Map.of("phone", phone, "name", name, "idType", idType, "idNumber", idNumber));
	}

	@Test
	void aReportIsAnsweredMaskedReadBackAndFoundByPhone() {
		String[] pool = segmentPool(null, null);
		String token = platformToken(platform(List.of(pool[0]), null));
		String phone = mobile();
		String name = IdentityFixtures.chineseName();
		String card = IdentityFixtures.idCard();
		Instant until = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		Map<String, Object> body = report(phone, name, "ID_CARD", card);
		body.put("validUntil", until.toString());

		Response created = expect(call("POST", "/v1/identity-reports", token, body), 201);

		assertThat(created.text("reportId")).startsWith("ir_");
		assertThat(created.text("phone")).isEqualTo(RealNumber.parse(phone).masked());
		assertThat(created.text("name")).isEqualTo(name.charAt(0) + "**");
		assertThat(created.text("idNumber")).isEqualTo(card.substring(0, 2) + "*".repeat(14) + card.substring(16));
		assertThat(created.text("idType")).isEqualTo("ID_CARD");
		assertThat(Instant.parse(created.text("validUntil"))).isEqualTo(until);
		assertThat(created.body()).doesNotContain(name, card, phone);

		Response read = expect(call("GET", "/v1/identity-reports/" + created.text("reportId"), token, null), 200);
		assertThat(read.json()).isEqualTo(created.json());
		String latinName = IdentityFixtures.latinName();
		Response latin = expect(call("POST", "/v1/identity-reports", token,
				report(PhoneFixtures.e164(phone), latinName, "PASSPORT", IdentityFixtures.passport())), 201);
		String[] words = latinName.split(" ");
		assertThat(latin.text("name"))
			.isEqualTo("F" + "*".repeat(words[0].length() - 1) + " P" + "*".repeat(words[1].length() - 1));
		Response found = expect(call("POST", "/v1/identity-reports/search", token, Map.of("phone", phone)), 200);
		assertThat(found.json().get("identityReports").findValuesAsString("reportId"))
			.containsExactly(latin.text("reportId"), created.text("reportId"));
		assertThat(found.body()).doesNotContain(name, card, phone);
		assertThat(
				expect(call("POST", "/v1/identity-reports/search", token, Map.of("phone", PhoneFixtures.e164(phone))),
						200)
					.json()
					.get("identityReports")
					.findValuesAsString("reportId"))
			.containsExactly(latin.text("reportId"), created.text("reportId"));
		assertThat(expect(call("POST", "/v1/identity-reports/search", token, Map.of("phone", mobile())), 200).json()
			.get("identityReports")).isEmpty();
	}

	@Test
	void theSearchTakesThePhoneInTheBodyAndTheOldQueryIsGone() {
		String[] pool = segmentPool(null, null);
		String token = platformToken(platform(List.of(pool[0]), null));
		String phone = mobile();
		expect(call("POST", "/v1/identity-reports", token,
				report(phone, IdentityFixtures.chineseName(), "ID_CARD", IdentityFixtures.idCard())), 201);

		// API change 36: a real number in a URL's query is personal data in access logs
		Response old = call("GET", "/v1/identity-reports?phone=" + phone, token, null);
		assertThat(old.status()).isEqualTo(405);
		assertThat(old.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(old.body()).doesNotContain(phone);
		assertThat(call("GET", "/v1/identity-reports", token, null).status()).isEqualTo(405);

		Response badPhone = call("POST", "/v1/identity-reports/search", token, Map.of("phone", "12345"));
		assertThat(badPhone.status()).isEqualTo(400);
		assertThat(badPhone.code()).isEqualTo("INVALID_PHONE_NUMBER");
		assertThat(call("POST", "/v1/identity-reports/search", token, Map.of()).code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("POST", "/v1/identity-reports/search", operator(), Map.of("phone", phone)).status())
			.isEqualTo(403);
	}

	@Test
	void anotherPlatformsReportIsNotFound() {
		String[] pool = segmentPool(null, null);
		String mine = platformToken(platform(List.of(pool[0]), null));
		String theirs = platformToken(platform(List.of(pool[0]), null));
		String phone = mobile();
		Response created = expect(call("POST", "/v1/identity-reports", mine,
				report(phone, IdentityFixtures.chineseName(), "ID_CARD", IdentityFixtures.idCard())), 201);

		Response other = call("GET", "/v1/identity-reports/" + created.text("reportId"), theirs, null);
		assertThat(other.status()).isEqualTo(404);
		assertThat(other.code()).isEqualTo("IDENTITY_REPORT_NOT_FOUND");
		assertThat(expect(call("POST", "/v1/identity-reports/search", theirs, Map.of("phone", phone)), 200).json()
			.get("identityReports")).isEmpty();
		assertThat(expect(call("POST", "/v1/identity-reports/search", mine, Map.of("phone", phone)), 200).json()
			.get("identityReports")
			.findValuesAsString("reportId")).containsExactly(created.text("reportId"));
		assertThat(call("GET", "/v1/identity-reports/ir_nothing", mine, null).code())
			.isEqualTo("IDENTITY_REPORT_NOT_FOUND");
		// other roles do not report
		assertThat(call("POST", "/v1/identity-reports", operator(),
				report(phone, IdentityFixtures.chineseName(), "ID_CARD", IdentityFixtures.idCard()))
			.status()).isEqualTo(403);
	}

	@Test
	void aSuspendedPlatformReportsNothing() {
		String platformId = platform(List.of(segmentPool(null, null)[0]), null);
		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "reports")), 200);
		String phone = mobile();
		Response refused = call("POST", "/v1/identity-reports", platformToken(platformId),
				report(phone, IdentityFixtures.chineseName(), "ID_CARD", IdentityFixtures.idCard()));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("PLATFORM_SUSPENDED");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM identity_report WHERE platform_id = ?", Long.class,
				platformId))
			.isZero();
	}

	@Autowired
	IdentityReportRetention retention;

	@Test
	void reportsAreDeletedOnceTheyStoppedBeingCurrentLongerThanTheRetention() {
		String platformId = platform(List.of(segmentPool(null, null)[0]), null);
		String token = platformToken(platformId);
		String[] ids = new String[4];
		for (int i = 0; i < ids.length; i++) {
			Map<String, Object> body = report(mobile(), IdentityFixtures.chineseName(), "ID_CARD",
					IdentityFixtures.idCard());
			if (i < 3) {
				body.put("validUntil", Instant.now().plusSeconds(3600).toString());
			}
			ids[i] = expect(call("POST", "/v1/identity-reports", token, body), 201).text("reportId");
		}
		// 0: ran out beyond the retention (90 days by default); 1: ran out within it;
		// 2: current; 3: no validUntil, current for good
		jdbc.update("UPDATE identity_report SET valid_until = now() - interval '91 days' WHERE report_id = ?", ids[0]);
		jdbc.update("UPDATE identity_report SET valid_until = now() - interval '89 days' WHERE report_id = ?", ids[1]);

		assertThat(retention.apply()).isGreaterThanOrEqualTo(1);
		assertThat(call("GET", "/v1/identity-reports/" + ids[0], token, null).code())
			.isEqualTo("IDENTITY_REPORT_NOT_FOUND");
		for (String kept : List.of(ids[1], ids[2], ids[3])) {
			expect(call("GET", "/v1/identity-reports/" + kept, token, null), 200);
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM identity_report WHERE platform_id = ?", Long.class,
				platformId))
			.isEqualTo(3);
	}

	@Test
	void badInputIsRefusedAndStoresNothing() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String card = IdentityFixtures.idCard();
		char wrong = card.charAt(17) == '1' ? '2' : '1';
		Map<String, Map<String, Object>> refused = new java.util.LinkedHashMap<>();
		refused.put("check character",
				report(mobile(), IdentityFixtures.chineseName(), "ID_CARD", card.substring(0, 17) + wrong));
		refused.put("short card", report(mobile(), IdentityFixtures.chineseName(), "ID_CARD", card.substring(0, 15)));
		refused.put("empty name", report(mobile(), "", "ID_CARD", IdentityFixtures.idCard()));
		refused.put("long name", report(mobile(), "甲".repeat(101), "ID_CARD", IdentityFixtures.idCard()));
		refused.put("no such type", report(mobile(), IdentityFixtures.chineseName(), "DRIVING_LICENCE", "X1234567"));
		Map<String, Object> past = report(mobile(), IdentityFixtures.chineseName(), "ID_CARD",
				IdentityFixtures.idCard());
		past.put("validUntil", Instant.now().minusSeconds(60).toString());
		refused.put("past validUntil", past);
		refused.forEach((why, body) -> {
			Response response = call("POST", "/v1/identity-reports", token, body);
			assertThat(response.status()).as(why).isEqualTo(400);
			assertThat(response.code()).as(why).isEqualTo("VALIDATION_FAILED");
			assertThat(response.body()).as(why).doesNotContain(card.substring(0, 17));
		});
		Response badPhone = call("POST", "/v1/identity-reports", token,
				report("12345", IdentityFixtures.chineseName(), "ID_CARD", IdentityFixtures.idCard()));
		assertThat(badPhone.code()).isEqualTo("INVALID_PHONE_NUMBER");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM identity_report WHERE platform_id = ?", Long.class,
				platformId))
			.isZero();
	}

	@Test
	void aReportIsAnIdentityReportedEntryWithCiphertextOnly() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String phone = mobile();
		String name = IdentityFixtures.latinName();
		String passport = IdentityFixtures.passport();
		Response created = expect(call("POST", "/v1/identity-reports", platformToken(platformId),
				report(phone, name, "PASSPORT", passport)), 201);
		String index = protector.blindIndex(RealNumber.parse(phone));

		List<Map<String, String>> entries = redisson
			.<String, String>getStream(keys.events(VirtualShard.forKey(index)), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> "IDENTITY_REPORTED".equals(e.get("type")))
			.filter(e -> created.text("reportId").equals(e.get("reportId")))
			.toList();

		assertThat(entries).singleElement()
			.satisfies(e -> assertThat(e).containsEntry("eventId", "identity:" + created.text("reportId"))
				.containsEntry("platformId", platformId)
				.containsEntry("partyAIndex", index)
				.containsEntry("number", RealNumber.parse(phone).masked())
				.containsEntry("idType", "PASSPORT")
				.containsEntry("idIndex", protector.blindIndex(IdType.PASSPORT, passport))
				.containsEntry("validUntil", ""))
			.satisfies(e -> assertThat(protector.decryptIdentity(e.get("identity")))
				.isEqualTo(Identity.of(RealNumber.parse(phone), name, IdType.PASSPORT, passport)));
		assertThat(entries.toString()).doesNotContain(name, passport, phone);
	}

	@Test
	void aPoolThatRequiresAReportLeasesOnlyToAPartyAWithACurrentOne() {
		String required = uniqueId("pool");
		expect(call("POST", "/v1/pools", operator(),
				Map.of("poolId", required, "numberKind", "SEGMENT_700", "requireIdentityReport", true)), 201);
		String block = nextBlock();
		expect(call("POST", "/v1/pools/" + required + "/blocks", operator(),
				Map.of("managementNumbers", List.of(block))), 201);
		assertThat(expect(call("GET", "/v1/pools/" + required, operator(), null), 200).json()
			.get("requireIdentityReport")
			.asBoolean()).isTrue();
		String[] open = segmentPool(null, null);
		String platformId = platform(List.of(required, open[0]), null);
		String token = platformToken(platformId);
		String courier = mobile();

		// without a report: refused in the requiring pool, leased in a pool that does not
		// require one (also when the platform may lease from both)
		Map<String, Object> inRequired = axb("ORD-ID-1", courier, mobile());
		inRequired.put("poolId", required);
		Response refused = call("POST", "/v1/bindings", token, inRequired);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("IDENTITY_REPORT_REQUIRED");
		Map<String, Object> asked = axb("ORD-ID-1", courier, mobile());
		asked.put("virtualNumber", block + "0001");
		assertThat(call("POST", "/v1/bindings", token, asked).code()).isEqualTo("IDENTITY_REPORT_REQUIRED");
		assertThat(expect(call("POST", "/v1/bindings", token, axb("ORD-ID-1", courier, mobile())), 201)
			.text("virtualNumber")).startsWith(open[1]);
		// another platform's report does not count
		String other = platform(List.of(required), null);
		expect(call("POST", "/v1/identity-reports", platformToken(other),
				report(courier, IdentityFixtures.chineseName(), "ID_CARD", IdentityFixtures.idCard())), 201);
		assertThat(call("POST", "/v1/bindings", token, inRequired).code()).isEqualTo("IDENTITY_REPORT_REQUIRED");

		// with a current report: leased
		Map<String, Object> body = report(courier, IdentityFixtures.chineseName(), "ID_CARD",
				IdentityFixtures.idCard());
		body.put("validUntil", Instant.now().plusSeconds(3600).toString());
		Response report = expect(call("POST", "/v1/identity-reports", token, body), 201);
		assertThat(expect(call("POST", "/v1/bindings", token, inRequired), 201).text("virtualNumber"))
			.startsWith(block);

		// once the report has run out: refused again
		jdbc.update("UPDATE identity_report SET valid_until = now() - interval '1 minute' WHERE report_id = ?",
				report.text("reportId"));
		Map<String, Object> again = axb("ORD-ID-2", courier, mobile());
		again.put("poolId", required);
		assertThat(call("POST", "/v1/bindings", token, again).code()).isEqualTo("IDENTITY_REPORT_REQUIRED");
	}

}
