package io.numshield.binding.outbox;

import io.numshield.binding.blocklist.BlocklistLedger;
import io.numshield.binding.identity.IdentityLedger;
import io.numshield.binding.blocklist.PlatformBlocklistLedger;
import io.numshield.binding.platform.PlatformLedger;
import io.numshield.binding.pool.BlockLedger;
import io.numshield.binding.platform.PlatformStatus;
import io.numshield.binding.system.TransactionalSideEffects;
import io.numshield.core.event.EventType;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualShard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The admin changes' audit events as rows of the change's own transaction (ADR 0016): a
 * change that rolls back leaves no event, one that commits keeps it even if Redis fails
 * right after the commit. The fields are those the stream entry gets, in its order
 * ({@code docs/events.md}); {@link OutboxRelay} writes them after the commit. Before its
 * row, each event takes a transaction-long advisory lock on its subject (the platform,
 * the number's blind index), so that two changes of one subject get row ids in the order
 * they commit, and the relay, which writes in id order, keeps their events in that order.
 */
@Component
class AuditOutbox implements PlatformLedger, BlocklistLedger, BlockLedger, IdentityLedger, PlatformBlocklistLedger {

	/**
	 * Class of the subjects' advisory locks (two-int form: apart from the relay's
	 * one-bigint lock).
	 */
	private static final int SUBJECT_LOCKS = 0x4E534F42; // "NSOB"

	private final JdbcTemplate jdbc;

	private final TransactionalSideEffects sideEffects;

	private final OutboxRelay relay;

	AuditOutbox(JdbcTemplate jdbc, TransactionalSideEffects sideEffects, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.sideEffects = sideEffects;
		this.relay = relay;
	}

	@Override
	public void record(String eventId, String platformId, PlatformStatus status, String reason, String changedBy,
			Instant at, @Nullable String caseId) {
		Map<String, String> event = common(eventId, EventType.PLATFORM_STATUS_CHANGED, at);
		event.put("platformId", platformId);
		event.put("status", status.name());
		event.put("reason", reason == null ? "" : reason);
		event.put("changedBy", changedBy);
		if (caseId != null) {
			event.put("caseId", caseId);
		}
		add(platformId, event);
	}

	/**
	 * On the lease stream of shard {@code VirtualShard.forKey(blindIndex)}, like
	 * PLATFORM_STATUS_CHANGED.
	 */
	@Override
	public void record(String eventId, EventType type, String blindIndex, String maskedNumber, String maskedReason,
			String by, Instant at, @Nullable String caseId) {
		Map<String, String> event = common(eventId, type, at);
		event.put("partyAIndex", blindIndex);
		event.put("number", maskedNumber);
		event.put("reason", maskedReason == null ? "" : maskedReason);
		event.put("by", by);
		if (caseId != null) {
			event.put("caseId", caseId);
		}
		add(blindIndex, event);
	}

	/** On the lease stream of the block's own shard. */
	@Override
	public void record(String eventId, EventType type, String managementNumber, String poolId, String by, Instant at) {
		Map<String, String> event = common(eventId, type, at);
		event.put("managementNumber", managementNumber);
		event.put("poolId", poolId);
		event.put("by", by);
		add(managementNumber, event, VirtualShard.of(new ManagementNumber(managementNumber)));
	}

	/**
	 * On the lease stream of shard {@code VirtualShard.forKey(phoneIndex)}, like
	 * {@code BLOCKLIST_ADDED}: the phone's blind index and masked form, the document's
	 * blind index, the identity as ciphertext.
	 */
	@Override
	public void record(String reportId, String platformId, String phoneIndex, String maskedPhone, String idType,
			String idIndex, String identityCiphertext, @Nullable Instant validUntil, String by, Instant at) {
		Map<String, String> event = common("identity:" + reportId, EventType.IDENTITY_REPORTED, at);
		event.put("platformId", platformId);
		event.put("partyAIndex", phoneIndex);
		event.put("number", maskedPhone);
		event.put("reportId", reportId);
		event.put("idType", idType);
		event.put("idIndex", idIndex);
		event.put("identity", identityCiphertext);
		event.put("validUntil", validUntil == null ? "" : Long.toString(validUntil.toEpochMilli()));
		event.put("by", by);
		add(phoneIndex, event);
	}

	/**
	 * A platform's own blocklist change (ADR 0025): the regulators' list's fields and the
	 * platform, on the lease stream of shard {@code VirtualShard.forKey(blindIndex)}.
	 */
	@Override
	public void record(String eventId, EventType type, String platformId, String blindIndex, String maskedNumber,
			String maskedReason, String by, Instant at) {
		Map<String, String> event = common(eventId, type, at);
		event.put("platformId", platformId);
		event.put("partyAIndex", blindIndex);
		event.put("number", maskedNumber);
		event.put("reason", maskedReason == null ? "" : maskedReason);
		event.put("by", by);
		add(blindIndex, event);
	}

	private static Map<String, String> common(String eventId, EventType type, Instant at) {
		Map<String, String> event = new LinkedHashMap<>();
		event.put("v", "1");
		event.put("eventId", eventId);
		event.put("type", type.name());
		event.put("occurredAt", Long.toString(at.toEpochMilli()));
		return event;
	}

	/**
	 * The row, on the stream of shard {@code VirtualShard.forKey(subject)}; the relay is
	 * nudged after the commit.
	 */
	private void add(String subject, Map<String, String> fields) {
		add(subject, fields, VirtualShard.forKey(subject));
	}

	private void add(String subject, Map<String, String> fields, VirtualShard shard) {
		String eventId = fields.get("eventId");
		// refuses outside a transaction, before anything is written
		sideEffects.afterCommit("delivery of " + fields.get("type") + " event " + eventId + " from the outbox",
				relay::afterCommit);
		jdbc.queryForObject("SELECT 1 FROM pg_advisory_xact_lock(?, hashtext(?))", Integer.class, SUBJECT_LOCKS,
				subject);
		String[] flat = fields.entrySet()
			.stream()
			.flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
			.toArray(String[]::new);
		jdbc.update("INSERT INTO audit_outbox (shard, event_id, fields) VALUES (?, ?, ?)", (short) shard.id(), eventId,
				flat);
	}

}
