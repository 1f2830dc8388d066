package io.numshield.binding.blocklist;

import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.system.TransactionalSideEffects;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.event.EventType;
import io.numshield.core.number.FreeText;
import io.numshield.core.number.RealNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A platform's own blocklist (ADR 0025): numbers it keeps out of its own bindings (as a
 * party of a new binding, or a new party B) and whose calls to its bindings are rejected;
 * other platforms are not affected. Stored like the regulators' list
 * ({@link BlocklistService}): by blind index and masked form, a history row and an outbox
 * event per change, mirrored into every shard ({@code pbl:<platformId>}) before the
 * answer. The platform mirror's flag ({@link PlatformBlocklistFlags}) is written again
 * with each change, so that the scripts read the list only while it holds a number.
 */
@Service
public class PlatformBlocklistService {

	/** Most entries one listing answers. */
	public static final int MAX_LIMIT = 500;

	private final PlatformBlockedNumberRepository blocked;

	private final PlatformBlocklistChangeRepository history;

	private final PlatformBlocklistMirror mirror;

	private final PlatformService platforms;

	private final PersonalDataProtector protector;

	private final Clock clock;

	private final PlatformBlocklistLedger ledger;

	private final TransactionalSideEffects sideEffects;

	PlatformBlocklistService(PlatformBlockedNumberRepository blocked, PlatformBlocklistChangeRepository history,
			PlatformBlocklistMirror mirror, PlatformService platforms, PersonalDataProtector protector, Clock clock,
			PlatformBlocklistLedger ledger, TransactionalSideEffects sideEffects) {
		this.blocked = blocked;
		this.history = history;
		this.mirror = mirror;
		this.platforms = platforms;
		this.protector = protector;
		this.clock = clock;
		this.ledger = ledger;
		this.sideEffects = sideEffects;
	}

	@Transactional
	public BlocklistService.BlockView block(String platformId, RealNumber number, String stated, String by) {
		requirePlatform(platformId);
		String reason = FreeText.masked(stated);
		String index = protector.blindIndex(number);
		Instant now = clock.instant();
		Optional<PlatformBlockedNumber> existing = blocked.findByPlatformIdAndBlindIndex(platformId, index);
		boolean wasBlocked = existing.isPresent();
		PlatformBlockedNumber entry = existing.orElseGet(
				() -> blocked.save(new PlatformBlockedNumber(platformId, index, number.masked(), reason, by, now)));
		history.save(new PlatformBlocklistChange(platformId, index, number.masked(), "ADDED", reason, by, now));
		sideEffects.mirror("platform " + platformId + "'s block of " + number.masked() + " in every shard", () -> {
			mirror.mirror(platformId, index, true);
			platforms.mirrorOne(platformId);
		}, () -> {
			mirror.mirror(platformId, index, wasBlocked);
			platforms.mirrorOne(platformId);
		});
		record(EventType.PLATFORM_BLOCKLIST_ADDED, platformId, index, number.masked(), reason, by, now);
		return new BlocklistService.BlockView(entry.masked(), entry.reason(), entry.blockedAt(), true);
	}

	@Transactional
	public BlocklistService.BlockView unblock(String platformId, RealNumber number, String stated, String by) {
		requirePlatform(platformId);
		String reason = FreeText.masked(stated);
		String index = protector.blindIndex(number);
		PlatformBlockedNumber entry = blocked.findByPlatformIdAndBlindIndex(platformId, index)
			.orElseThrow(() -> new Refusal(ProblemCode.VALIDATION_FAILED, 404,
					"this number is not on the platform's own blocklist"));
		blocked.delete(entry);
		Instant now = clock.instant();
		history.save(new PlatformBlocklistChange(platformId, index, number.masked(), "REMOVED", reason, by, now));
		sideEffects.mirror("platform " + platformId + "'s unblock of " + number.masked() + " in every shard", () -> {
			mirror.mirror(platformId, index, false);
			platforms.mirrorOne(platformId);
		}, () -> {
			mirror.mirror(platformId, index, true);
			platforms.mirrorOne(platformId);
		});
		record(EventType.PLATFORM_BLOCKLIST_REMOVED, platformId, index, number.masked(), reason, by, now);
		return new BlocklistService.BlockView(number.masked(), reason, now, false);
	}

	/** The platform's entries, newest first, numbers masked. */
	@Transactional(readOnly = true)
	public Listing list(String platformId, int limit, int page) {
		List<BlocklistService.BlockView> entries = blocked
			.findByPlatformIdOrderByBlockedAtDescIdDesc(platformId, PageRequest.of(page, limit))
			.stream()
			.map(b -> new BlocklistService.BlockView(b.masked(), b.reason(), b.blockedAt(), true))
			.toList();
		return new Listing(entries, blocked.countByPlatformId(platformId));
	}

	/**
	 * Copies every platform's own list to Redis again (at start); answers the entries.
	 */
	@Transactional(readOnly = true)
	public int mirrorAll() {
		int count = 0;
		for (String platformId : blocked.platformsWithEntries()) {
			List<String> indexes = blocked.findByPlatformId(platformId)
				.stream()
				.map(PlatformBlockedNumber::blindIndex)
				.toList();
			mirror.replace(platformId, indexes);
			count += indexes.size();
		}
		return count;
	}

	/** Unknown: 404; suspended or revoked: 403 {@code PLATFORM_SUSPENDED}, as binds. */
	private void requirePlatform(String platformId) {
		platforms.requireActive(platformId, "change its own blocklist");
	}

	private void record(EventType type, String platformId, String index, String masked, String reason, String by,
			Instant at) {
		ledger.record("platform-blocklist:" + UUID.randomUUID(), type, platformId, index, masked, reason, by, at);
	}

	/** A page of a platform's entries, and how many it has in all. */
	public record Listing(List<BlocklistService.BlockView> entries, long total) {
	}

}
