package io.numshield.binding.number.redis;

import io.numshield.binding.number.FlagKind;
import io.numshield.binding.number.NumberState;
import io.numshield.binding.number.NumberStore;
import io.numshield.binding.number.QuarantineReason;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** number.lua and numbers.lua on the number's (the block's) shard. */
@Component
class RedisNumberStore implements NumberStore {

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	RedisNumberStore(LeaseScripts scripts, RedisKeys keys) {
		this.scripts = scripts;
		this.keys = keys;
	}

	@Override
	public boolean quarantine(VirtualNumber x, QuarantineReason reason, @Nullable Long untilMillis, String note,
			String by, String eventId) {
		return !"UNKNOWN"
			.equals(number(x, "QUARANTINE", eventId, by, reason.name(), untilMillis, note, "", 0, 0).get("r"));
	}

	@Override
	public boolean lift(VirtualNumber x, String reason, String by, String eventId) {
		return "OK".equals(number(x, "LIFT", eventId, by, reason, null, "", "", 0, 0).get("r"));
	}

	@Override
	public FlagOutcome flag(VirtualNumber x, FlagKind kind, String note, String by, String eventId, int threshold,
			long windowMillis, @Nullable Long quarantineUntilMillis) {
		Map<String, Object> answer = number(x, "FLAG", eventId, by, "", quarantineUntilMillis, note, kind.name(),
				threshold, windowMillis);
		if ("UNKNOWN".equals(answer.get("r"))) {
			return new FlagOutcome(false, 0, false);
		}
		return new FlagOutcome(true, ((Number) answer.get("flags")).intValue(),
				Boolean.TRUE.equals(answer.get("quarantined")));
	}

	private Map<String, Object> number(VirtualNumber x, String action, String eventId, String by, String reason,
			@Nullable Long until, String note, String kind, int threshold, long windowMillis) {
		return scripts.answer(LeaseScript.NUMBER, keys.shardBase(x.shard()), action, x.digits(), eventId, by, reason,
				until == null ? "" : until.toString(), note, kind, Integer.toString(threshold),
				Long.toString(windowMillis));
	}

	@Override
	public @Nullable Page numbers(ManagementNumber block, int from, int limit, @Nullable String state, int scan) {
		String answer = scripts.run(LeaseScript.NUMBERS, keys.shardBase(block.shard()), block.digits(),
				Integer.toString(from), Integer.toString(limit), state == null ? "" : state, Integer.toString(scan));
		if ("UNKNOWN".equals(answer)) {
			return null;
		}
		String[] lines = answer.split("\n");
		String[] head = lines[0].split("\\|", -1);
		List<NumberState> numbers = new ArrayList<>(lines.length - 1);
		for (int n = 1; n < lines.length; n++) {
			String[] f = lines[n].split("\\|", -1);
			numbers.add(new NumberState(block.numberAt(Integer.parseInt(f[0])).digits(), f[1], Integer.parseInt(f[4]),
					f[2].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[2])), f[3].isEmpty() ? null : f[3],
					null, null, null));
		}
		return new Page(numbers, head[0].isEmpty() ? null : Integer.valueOf(head[0]), head[2], "1".equals(head[3]));
	}

}
