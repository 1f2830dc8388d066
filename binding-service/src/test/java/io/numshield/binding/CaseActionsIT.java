package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.id.CaseId;
import io.numshield.core.number.RealNumber;
import io.numshield.core.token.Role;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Feedback from a regulator's case file into the live path (issue 16, part 4; ADR 0030):
 * a block and a suspension made with a {@code caseId} carry it on their BLOCKLIST_ADDED /
 * PLATFORM_STATUS_CHANGED event (the ledger's link between the case and the action); a
 * regulator may suspend a platform only from a case; a malformed caseId is 400 and
 * changes nothing.
 */
class CaseActionsIT extends BindingServiceITSupport {

	@Autowired
	PersonalDataProtector protector;

	@Test
	void blocksAndSuspensionsFromACaseCarryItsIdToTheLedger() {
		String caseId = CaseId.random().value();
		String regulator = token(Role.REGULATOR, null);
		String number = mobile();
		String index = protector.blindIndex(RealNumber.parse(number));
		expect(call("POST", "/v1/blocklist", regulator,
				Map.of("number", number, "reason", "from the case", "caseId", caseId)), 201);

		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		// a regulator suspends only from a case
		Response without = call("POST", "/v1/platforms/" + platformId + "/suspend", regulator,
				Map.of("reason", "fraud"));
		assertThat(without.status()).isEqualTo(403);
		assertThat(without.code()).isEqualTo("FORBIDDEN");
		// a malformed caseId: 400, nothing changes
		for (String bad : List.of("case-123", "CASE-" + "A".repeat(24), caseId + "0")) {
			Response refused = call("POST", "/v1/platforms/" + platformId + "/suspend", regulator,
					Map.of("reason", "fraud", "caseId", bad));
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
			Response refusedBlock = call("POST", "/v1/blocklist", regulator,
					Map.of("number", mobile(), "reason", "x", "caseId", bad));
			assertThat(refusedBlock.status()).as(bad).isEqualTo(400);
		}
		assertThat(expect(call("GET", "/v1/platforms/" + platformId, operator(), null), 200).text("status"))
			.isEqualTo("ACTIVE");
		Response suspended = expect(call("POST", "/v1/platforms/" + platformId + "/suspend", regulator,
				Map.of("reason", "fraud ring, see case", "caseId", caseId)), 200);
		assertThat(suspended.text("status")).isEqualTo("SUSPENDED");
		// resuming and revoking stay the operators'
		assertThat(call("POST", "/v1/platforms/" + platformId + "/resume", regulator, null).status()).isEqualTo(403);
		assertThat(call("POST", "/v1/platforms/" + platformId + "/revoke", regulator,
				Map.of("reason", "x", "caseId", caseId))
			.status()).isEqualTo(403);
		// an operator's suspension without a case carries none
		String other = platform(List.of(pool[0]), null);
		expect(call("POST", "/v1/platforms/" + other + "/suspend", operator(), Map.of("reason", "audit")), 200);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<Map<String, String>> events = allEvents();
			assertThat(events)
				.filteredOn(e -> "BLOCKLIST_ADDED".equals(e.get("type")) && index.equals(e.get("partyAIndex")))
				.singleElement()
				.satisfies(e -> assertThat(e).containsEntry("caseId", caseId).containsEntry("by", "test-key"));
			assertThat(events)
				.filteredOn(e -> "PLATFORM_STATUS_CHANGED".equals(e.get("type"))
						&& platformId.equals(e.get("platformId")) && "SUSPENDED".equals(e.get("status")))
				.singleElement()
				.satisfies(e -> assertThat(e).containsEntry("caseId", caseId));
			assertThat(events)
				.filteredOn(e -> "PLATFORM_STATUS_CHANGED".equals(e.get("type")) && other.equals(e.get("platformId"))
						&& "SUSPENDED".equals(e.get("status")))
				.singleElement()
				.satisfies(e -> assertThat(e).doesNotContainKey("caseId"));
		});
	}

}
