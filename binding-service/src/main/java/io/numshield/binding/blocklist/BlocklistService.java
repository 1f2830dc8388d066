package io.numshield.binding.blocklist;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.event.EventType;
import io.numshield.core.number.FreeText;
import io.numshield.core.number.RealNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import io.numshield.binding.system.TransactionalSideEffects;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Blocks and unblocks real numbers; a block reaches every shard before the call returns,
 * and is taken out again if PostgreSQL refuses it (ADR 0005). Each change is a row of the
 * history table and a row of the audit outbox, which reaches the ledger after the commit
 * (ADR 0016).
 */
@Service
public class BlocklistService {

	private final BlockedNumberRepository blocked;

	private final BlocklistChangeRepository history;

	private final BlocklistMirror mirror;

	private final PersonalDataProtector protector;

	private final Clock clock;

	private final BlocklistLedger ledger;

	private final TransactionalSideEffects sideEffects;

	BlocklistService(BlockedNumberRepository blocked, BlocklistChangeRepository history, BlocklistMirror mirror,
			PersonalDataProtector protector, Clock clock, BlocklistLedger ledger,
			TransactionalSideEffects sideEffects) {
		this.ledger = ledger;
		this.sideEffects = sideEffects;
		this.blocked = blocked;
		this.history = history;
		this.mirror = mirror;
		this.protector = protector;
		this.clock = clock;
	}

	@Transactional
	public BlockView block(RealNumber number, String stated, String by) {
		return block(number, stated, by, null);
	}

	/**
	 * A block made from a regulator's case file (ADR 0030): its BLOCKLIST_ADDED entry
	 * carries the {@code caseId}, also when the number was already blocked.
	 */
	@Transactional
	public BlockView block(RealNumber number, String stated, String by, @Nullable String caseId) {
		String reason = FreeText.masked(stated); // may quote a number: stored, recorded
													// and answered masked
		String index = protector.blindIndex(number);
		Instant now = clock.instant();
		Optional<BlockedNumber> existing = blocked.findById(index);
		boolean wasBlocked = existing.isPresent();
		BlockedNumber entry = existing
			.orElseGet(() -> blocked.save(new BlockedNumber(index, number.masked(), reason, by, now)));
		history.save(new BlocklistChange(index, number.masked(), "ADDED", reason, by, now));
		sideEffects.mirror("block of " + number.masked() + " in every shard", () -> mirror.mirror(index, true),
				() -> mirror.mirror(index, wasBlocked));
		record(EventType.BLOCKLIST_ADDED, index, number.masked(), reason, by, now, caseId);
		return new BlockView(entry.masked(), entry.reason(), entry.blockedAt(), true);
	}

	@Transactional
	public BlockView unblock(RealNumber number, String stated, String by) {
		String reason = FreeText.masked(stated);
		String index = protector.blindIndex(number);
		if (!blocked.existsById(index)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, 404, "this number is not on the blocklist");
		}
		blocked.deleteById(index);
		Instant now = clock.instant();
		history.save(new BlocklistChange(index, number.masked(), "REMOVED", reason, by, now));
		sideEffects.mirror("unblock of " + number.masked() + " in every shard", () -> mirror.mirror(index, false),
				() -> mirror.mirror(index, true));
		record(EventType.BLOCKLIST_REMOVED, index, number.masked(), reason, by, now, null);
		return new BlockView(number.masked(), reason, now, false);
	}

	/**
	 * The change's audit event, a row of its transaction (the outbox, ADR 0016): a change
	 * that rolls back leaves no ledger entry. The reason comes masked (free text may
	 * quote a number).
	 */
	private void record(EventType type, String index, String masked, String reason, String by, Instant at,
			@Nullable String caseId) {
		ledger.record("blocklist:" + UUID.randomUUID(), type, index, masked, reason, by, at, caseId);
	}

	/** Copies the whole blocklist to Redis again (at start). */
	@Transactional(readOnly = true)
	public int mirrorAll() {
		var all = blocked.findAll();
		all.forEach(b -> mirror.mirror(b.blindIndex(), true));
		return all.size();
	}

	/** A blocklist entry as the API shows it: the number masked. */
	public record BlockView(String number, String reason, Instant at, boolean blocked) {
	}

}
