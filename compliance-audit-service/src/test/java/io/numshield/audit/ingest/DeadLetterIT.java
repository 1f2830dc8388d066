package io.numshield.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.audit.AuditIntegrationTest;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An entry the ledger can never take used to stop ingestion for good: every round failed
 * on it, nothing behind it was written, nothing was acknowledged, the streams grew until
 * the platform refused leases and routes. Now such an entry is moved to the dead-letter
 * stream with why, and acknowledged; every other entry, before and after it in the same
 * stream, reaches the ledger.
 */
class DeadLetterIT extends AuditIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Test
	void anEntryTheLedgerCannotTakeIsKeptAsideAndIngestionGoesOn() {
		String run = "dead-" + UUID.randomUUID();
		VirtualShard one = new VirtualShard(11);
		VirtualShard two = new VirtualShard(12);
		double before = meters.counter("audit.ingest.dead_lettered").count();

		add(one, event(run + ":before", "CALL_ROUTED"));
		// parties that no key decrypts (written with a retired key, or damaged)
		Map<String, String> undecryptable = event(run + ":undecryptable", "BINDING_CREATED");
		String sealed = protector.encryptParties(List.of(RealNumber.parse(PhoneFixtures.mobile())));
		int middle = sealed.length() / 2;
		undecryptable.put("parties", sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
				+ sealed.substring(middle + 1));
		StreamMessageId poisonId = add(one, undecryptable);
		add(one, event(run + ":after", "CALL_ROUTED"));
		// a type longer than its column: the database refuses the row, not the connection
		StreamMessageId tooLongId = add(two, event(run + ":too-long", "X".repeat(60)));
		add(two, event(run + ":neighbour", "CALL_ROUTED"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(jdbc.queryForList(
					"SELECT event_id FROM ledger WHERE event_id LIKE ? ORDER BY event_id", String.class, run + ":%"))
				.containsExactlyInAnyOrder(run + ":after", run + ":before", run + ":neighbour"));

		Map<StreamMessageId, Map<String, String>> dead = redisson
			.<String, String>getStream(keys.auditDeadLetters(), StringCodec.INSTANCE)
			.range(StreamRangeArgs.startId(StreamMessageId.MIN).endId(StreamMessageId.MAX));
		Map<String, Map<String, String>> byEvent = new LinkedHashMap<>();
		dead.values().forEach(fields -> byEvent.put(fields.get("eventId"), fields));
		assertThat(byEvent).containsKeys(run + ":undecryptable", run + ":too-long");
		Map<String, String> poison = byEvent.get(run + ":undecryptable");
		assertThat(poison).containsEntry("deadStream", keys.events(one))
			.containsEntry("deadId", poisonId.toString())
			.containsEntry("parties", undecryptable.get("parties"));
		assertThat(poison.get("deadReason")).contains("does not decrypt");
		assertThat(byEvent.get(run + ":too-long")).containsEntry("deadStream", keys.events(two))
			.containsEntry("deadId", tooLongId.toString());
		assertThat(byEvent.get(run + ":too-long").get("deadReason")).contains("DataIntegrityViolation")
			.contains("too long");

		// acknowledged: nothing of this run is left pending, so trimming and the backlog
		// bounds move on
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redisson.getStream(keys.events(one), StringCodec.INSTANCE)
				.getPendingInfo("audit")
				.getTotal() == 0
					&& redisson.getStream(keys.events(two), StringCodec.INSTANCE)
						.getPendingInfo("audit")
						.getTotal() == 0);
		assertThat(meters.counter("audit.ingest.dead_lettered").count() - before).isEqualTo(2);
		assertThat(meters.get("audit.ingest.dead_letters").gauge().value()).isGreaterThanOrEqualTo(2);
	}

	private StreamMessageId add(VirtualShard shard, Map<String, String> fields) {
		return redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE)
			.add(StreamAddArgs.entries(fields));
	}

	private static Map<String, String> event(String eventId, String type) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("v", "1");
		fields.put("eventId", eventId);
		fields.put("type", type);
		fields.put("occurredAt", Long.toString(System.currentTimeMillis()));
		fields.put("callId", "call-dead");
		fields.put("virtualNumber", "700100000000011");
		fields.put("action", "REJECT");
		fields.put("reason", "NO_BINDING");
		return fields;
	}

}
