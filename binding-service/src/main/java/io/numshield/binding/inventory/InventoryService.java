package io.numshield.binding.inventory;

import io.numshield.binding.inventory.InventoryCounts.Counts;
import io.numshield.binding.inventory.InventoryCounts.PoolCounts;
import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.platform.PlatformSettings;
import io.numshield.binding.pool.PoolService;
import io.numshield.binding.pool.PoolSettings;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * {@code GET /v1/inventory} (ADR 0025): what a platform has left, per pool in its
 * preference order and in all. Settings come from the caches the lease path uses; the
 * live counts are one pipelined read of every shard ({@link InventoryCounts}).
 */
@Service
public class InventoryService {

	private final PlatformService platforms;

	private final PoolService pools;

	private final InventoryCounts counts;

	InventoryService(PlatformService platforms, PoolService pools, InventoryCounts counts) {
		this.platforms = platforms;
		this.pools = pools;
		this.counts = counts;
	}

	public Inventory inventory(String platformId) {
		PlatformSettings platform = platforms.settings(platformId)
			.orElseThrow(() -> new Refusal(ProblemCode.PLATFORM_NOT_FOUND, "no platform " + platformId));
		List<PoolSettings> settings = platform.pools().stream().map(pools::settings).flatMap(Optional::stream).toList();
		Counts live = counts.read(platformId, settings);
		List<PoolInventory> perPool = settings.stream().map(pool -> {
			PoolCounts c = live.pools().getOrDefault(pool.poolId(), new PoolCounts(0, 0));
			long numbers = pool.blocks().stream().mapToLong(ManagementNumber::size).sum();
			return new PoolInventory(pool.poolId(), pools.region(pool.poolId()).orElse(null), numbers, c.freeNumbers(),
					c.activeBindings());
		}).toList();
		Long max = platform.maxActiveBindings();
		return new Inventory(platformId, perPool,
				new Quota(max, live.activeBindings(), max == null ? null : Math.max(0, max - live.activeBindings())));
	}

	/** The answer of {@code GET /v1/inventory}. */
	public record Inventory(String platformId, List<PoolInventory> pools, Quota quota) {
	}

	/**
	 * One of the platform's pools: its numbers, those free now (neither leased nor
	 * cooling down), and the platform's own active bindings in it.
	 */
	public record PoolInventory(String poolId, @Nullable String region, long numbers, long freeNumbers,
			long activeBindings) {
	}

	/**
	 * {@code maxActiveBindings} and {@code left} are null for a platform without a quota.
	 */
	public record Quota(@Nullable Long maxActiveBindings, long activeBindings, @Nullable Long left) {
	}

}
