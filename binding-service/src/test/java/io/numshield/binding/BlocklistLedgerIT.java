package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Blocklist changes are ledger entries, not only rows of a PostgreSQL history table: each
 * add and remove is a BLOCKLIST_ADDED / BLOCKLIST_REMOVED entry on the audit stream, with
 * who did it, the number's blind index and masked form, and the reason masked; never the
 * plain number.
 */
class BlocklistLedgerIT extends BindingServiceITSupport {

	@Autowired
	PersonalDataProtector protector;

	@Test
	void addingAndRemovingANumberAreEntriesOnTheAuditStream() {
		String number = mobile();
		String quoted = mobile();
		String index = protector.blindIndex(RealNumber.parse(number));
		RealNumber masked = RealNumber.parse(number);

		expect(call("POST", "/v1/blocklist", token(Role.REGULATOR, null),
				Map.of("number", number, "reason", "complaints, see also " + quoted)), 201);
		// a refused removal changes nothing and records nothing
		assertThat(
				call("POST", "/v1/blocklist/removals", operator(), Map.of("number", mobile(), "reason", "x")).status())
			.isEqualTo(404);
		expect(call("POST", "/v1/blocklist/removals", operator(), Map.of("number", number, "reason", "cleared")), 200);

		List<Map<String, String>> entries = redisson
			.<String, String>getStream(keys.events(VirtualShard.forKey(index)), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> e.get("type") != null && e.get("type").startsWith("BLOCKLIST_"))
			.toList();
		assertThat(entries).extracting(e -> e.get("type")).containsExactly("BLOCKLIST_ADDED", "BLOCKLIST_REMOVED");
		assertThat(entries).allSatisfy(e -> assertThat(e).containsEntry("v", "1")
			.containsEntry("partyAIndex", index)
			.containsEntry("number", masked.masked())
			.containsEntry("by", "test-key")
			.containsKey("occurredAt")
			.hasEntrySatisfying("eventId", id -> assertThat(id).startsWith("blocklist:")));
		assertThat(entries.get(0).get("reason")).isEqualTo("complaints, see also " + RealNumber.parse(quoted).masked());
		assertThat(entries.get(1).get("reason")).isEqualTo("cleared");
		for (String form : PhoneFixtures.forms(number)) {
			assertThat(entries.toString()).doesNotContain(form);
		}
		for (String form : PhoneFixtures.forms(quoted)) {
			assertThat(entries.toString()).doesNotContain(form);
		}
		// the history table keeps the reason masked as well
		Response again = expect(call("POST", "/v1/blocklist", token(Role.REGULATOR, null),
				Map.of("number", number, "reason", "again " + quoted)), 201);
		assertThat(again.body()).doesNotContain(quoted).contains(RealNumber.parse(quoted).masked());
	}

}
