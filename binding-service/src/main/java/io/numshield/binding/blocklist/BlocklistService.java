package io.numshield.binding.blocklist;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.support.web.ApiException;

import java.time.Clock;
import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Blocks and unblocks real numbers; a block reaches every shard before the call returns. */
@Service
public class BlocklistService {

	private final BlockedNumberRepository blocked;

	private final BlocklistChangeRepository history;

	private final BlocklistMirror mirror;

	private final PersonalDataProtector protector;

	private final Clock clock;

	BlocklistService(BlockedNumberRepository blocked, BlocklistChangeRepository history, BlocklistMirror mirror,
			PersonalDataProtector protector, Clock clock) {
		this.blocked = blocked;
		this.history = history;
		this.mirror = mirror;
		this.protector = protector;
		this.clock = clock;
	}

	@Transactional
	public BlockView block(RealNumber number, String reason, String by) {
		String index = protector.blindIndex(number);
		Instant now = clock.instant();
		BlockedNumber entry = blocked.findById(index)
			.orElseGet(() -> blocked.save(new BlockedNumber(index, number.masked(), reason, by, now)));
		history.save(new BlocklistChange(index, number.masked(), "ADDED", reason, by, now));
		mirror.mirror(index, true);
		return new BlockView(entry.masked(), entry.reason(), entry.blockedAt(), true);
	}

	@Transactional
	public BlockView unblock(RealNumber number, String reason, String by) {
		String index = protector.blindIndex(number);
		if (!blocked.existsById(index)) {
			throw new ApiException(HttpStatus.NOT_FOUND, "VALIDATION_FAILED", "this number is not on the blocklist");
		}
		blocked.deleteById(index);
		Instant now = clock.instant();
		history.save(new BlocklistChange(index, number.masked(), "REMOVED", reason, by, now));
		mirror.mirror(index, false);
		return new BlockView(number.masked(), reason, now, false);
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
