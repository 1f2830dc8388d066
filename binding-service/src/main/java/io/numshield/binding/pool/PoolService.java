package io.numshield.binding.pool;

import io.numshield.binding.system.SettingsCache;
import io.numshield.binding.system.TransactionalSideEffects;
import io.numshield.core.event.EventType;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.redis.CallControls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates pools, assigns blocks to them, and answers what the lease path needs of a pool.
 * Blocks are leasable in Redis before the answer, and made unknown there again if
 * PostgreSQL refuses them (ADR 0005).
 */
@Service
public class PoolService {

	private final PoolRepository pools;

	private final PoolBlockRepository blocks;

	private final BlockRegistry registry;

	private final PoolUsageReader usage;

	private final PoolProperties properties;

	private final Clock clock;

	private final TransactionalSideEffects sideEffects;

	private final SettingsCache<PoolSettings> cache;

	private final BlockLedger ledger;

	/** Extension digits of a pool that names none. */
	static final int DEFAULT_EXTENSION_DIGITS = 4;

	/** AXE bindings a number carries at once in a pool that names none. */
	static final int DEFAULT_MAX_EXTENSIONS = 1000;

	PoolService(PoolRepository pools, PoolBlockRepository blocks, BlockRegistry registry, PoolUsageReader usage,
			PoolProperties properties, Clock clock, TransactionalSideEffects sideEffects, BlockLedger ledger) {
		this.sideEffects = sideEffects;
		this.ledger = ledger;
		this.pools = pools;
		this.blocks = blocks;
		this.registry = registry;
		this.usage = usage;
		this.properties = properties;
		this.clock = clock;
		this.cache = new SettingsCache<>(clock, properties.configCacheTtl());
	}

	@Transactional
	public PoolView create(String poolId, String region, NumberKind kind, Integer maxBindingsPerNumber,
			Long cooldownSeconds, Integer extensionDigits, Integer maxExtensionsPerNumber, CallControls controls,
			boolean requireIdentityReport, @Nullable String cityCode, @Nullable String provinceCode) {
		if (pools.existsById(poolId)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, 409, "a pool with this poolId exists");
		}
		String province = regionOf(cityCode, provinceCode);
		int digits = extensionDigits != null ? extensionDigits : DEFAULT_EXTENSION_DIGITS;
		// extensions run from 1: at most 10^digits - 1 of them
		int mostExtensions = (int) Math.pow(10, digits) - 1;
		int extensions = maxExtensionsPerNumber != null ? maxExtensionsPerNumber
				: Math.min(DEFAULT_MAX_EXTENSIONS, mostExtensions);
		if (extensions > mostExtensions) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "maxExtensionsPerNumber must be at most " + mostExtensions
					+ " with " + digits + "-digit extensions");
		}
		Pool pool = new Pool(poolId, region, kind,
				maxBindingsPerNumber != null ? maxBindingsPerNumber : properties.defaultMaxBindingsPerNumber(),
				cooldownSeconds != null ? cooldownSeconds : properties.defaultCooldown().toSeconds(), clock.instant(),
				digits, extensions, controls == null ? CallControls.NONE : controls);
		pool.requireIdentityReport(requireIdentityReport);
		pool.locate(cityCode, province);
		pools.save(pool);
		return view(pool);
	}

	/**
	 * The province of a pool given a city and/or a province code (ADR 0023): a city's
	 * province is its first two digits and {@code 0000}, given or not; one given must
	 * agree.
	 */
	private static @Nullable String regionOf(@Nullable String cityCode, @Nullable String provinceCode) {
		if (cityCode != null && !RegionCodes.isCity(cityCode)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "cityCode must be a GB/T 2260 city code (PPCC00)");
		}
		if (provinceCode != null && !RegionCodes.isProvince(provinceCode)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "provinceCode must be a GB/T 2260 province code (PP0000)");
		}
		if (cityCode == null) {
			return provinceCode;
		}
		if (provinceCode != null && !provinceCode.equals(RegionCodes.provinceOf(cityCode))) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED,
					"provinceCode must be the city's province, " + RegionCodes.provinceOf(cityCode));
		}
		return RegionCodes.provinceOf(cityCode);
	}

	/**
	 * Adds blocks (all or none). A block already in any pool: 409 BLOCK_ALREADY_ASSIGNED.
	 */
	@Transactional
	public BlocksAdded addBlocks(String poolId, List<String> managementNumbers, List<String> legacyNumbers) {
		Pool pool = pools.findById(poolId)
			.orElseThrow(() -> new Refusal(ProblemCode.POOL_NOT_FOUND, "no pool " + poolId));
		List<String> given = pool.numberKind() == NumberKind.SEGMENT_700 ? managementNumbers : legacyNumbers;
		List<String> other = pool.numberKind() == NumberKind.SEGMENT_700 ? legacyNumbers : managementNumbers;
		if (given == null || given.isEmpty() || (other != null && !other.isEmpty())) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, pool.numberKind() == NumberKind.SEGMENT_700
					? "a SEGMENT_700 pool takes managementNumbers" : "a LEGACY pool takes numbers");
		}
		List<ManagementNumber> parsed = new ArrayList<>();
		for (String each : new LinkedHashSet<>(given)) {
			parsed.add(pool.numberKind() == NumberKind.SEGMENT_700 ? ManagementNumber.segment700(each)
					: ManagementNumber.legacy(each));
		}
		for (ManagementNumber block : parsed) {
			if (blocks.existsById(block.digits())) {
				throw new Refusal(ProblemCode.BLOCK_ALREADY_ASSIGNED,
						"management number " + block.digits() + " is already in a pool");
			}
		}
		Instant now = clock.instant();
		int numbers = 0;
		for (ManagementNumber block : parsed) {
			blocks.save(new PoolBlock(block.digits(), poolId, block.size(), now));
			numbers += block.size();
		}
		for (ManagementNumber block : parsed) {
			// in no pool before (checked above): undone, it is unknown to Redis again
			sideEffects.mirror("block " + block.digits() + " of pool " + poolId,
					() -> registry.register(block, pool.terms()), () -> registry.unregister(block));
		}
		cache.forget(poolId);
		return new BlocksAdded(parsed.size(), numbers);
	}

	@Transactional(readOnly = true)
	public PoolView get(String poolId) {
		return view(
				pools.findById(poolId).orElseThrow(() -> new Refusal(ProblemCode.POOL_NOT_FOUND, "no pool " + poolId)));
	}

	/** The settings of a pool for the lease path, cached for {@code config-cache-ttl}. */
	public Optional<PoolSettings> settings(String poolId) {
		return cache.get(poolId, id -> pools.findById(id).map(this::settingsOf));
	}

	/** {@link PlatformService#cacheSynthetic}, for the warm-up's pool. */
	public void cacheSynthetic(PoolSettings settings, Duration ttl) {
		cache.put(settings.poolId(), settings, ttl);
	}

	public void forgetSynthetic(String poolId) {
		cache.forget(poolId);
	}

	/** The pool's region as it was created with, if it has one (the inventory's). */
	@Transactional(readOnly = true)
	public Optional<String> region(String poolId) {
		return pools.findById(poolId).map(Pool::region);
	}

	public boolean exists(String poolId) {
		return settings(poolId).isPresent();
	}

	/**
	 * Registers every block of every pool with the live store again (after a Redis
	 * restart).
	 */
	@Transactional(readOnly = true)
	public int registerAllBlocks() {
		int count = 0;
		for (Pool pool : pools.findAll()) {
			for (PoolBlock block : blocks.findByPoolIdOrderByManagementNumber(pool.poolId())) {
				ManagementNumber digits = new ManagementNumber(block.managementNumber());
				registry.register(digits, pool.terms());
				registry.draining(digits, block.draining());
				count++;
			}
		}
		return count;
	}

	/** Registers one block again (the lease script found it unknown). */
	public void reregister(ManagementNumber block) {
		blocks.findById(block.digits())
			.flatMap(b -> pools.findById(b.poolId()))
			.ifPresent(pool -> registry.register(block, pool.terms()));
	}

	/**
	 * Sets a block of the pool draining (ADR 0026): from the answer on, it leases nothing
	 * new, while its bindings run out and route as before. Draining a draining block
	 * changes nothing and records nothing.
	 */
	@Transactional
	public BlockView drain(String poolId, String managementNumber, String by) {
		PoolBlock block = blockOf(poolId, managementNumber);
		if (!block.draining()) {
			Instant now = clock.instant();
			block.drain(now, by);
			ManagementNumber digits = new ManagementNumber(block.managementNumber());
			sideEffects.mirror("drain of block " + digits.digits(), () -> registry.draining(digits, true),
					() -> registry.draining(digits, false));
			ledger.record("block:" + UUID.randomUUID(), EventType.BLOCK_DRAINING, digits.digits(), poolId, by, now);
		}
		return blockView(block);
	}

	/**
	 * Removes a drained block from its pool (ADR 0026): 409 BLOCK_NOT_DRAINED while it is
	 * not draining, or while a binding still holds one of its numbers.
	 */
	@Transactional
	public void remove(String poolId, String managementNumber, String by) {
		PoolBlock block = blockOf(poolId, managementNumber);
		if (!block.draining()) {
			throw new Refusal(ProblemCode.BLOCK_NOT_DRAINED, "drain the block first: POST .../drain");
		}
		Pool pool = pools.findById(poolId).orElseThrow();
		ManagementNumber digits = new ManagementNumber(block.managementNumber());
		blocks.delete(block);
		ledger.record("block:" + UUID.randomUUID(), EventType.BLOCK_REMOVED, digits.digits(), poolId, by,
				clock.instant());
		sideEffects.mirror("removal of block " + digits.digits(), () -> {
			if (!registry.remove(digits)) {
				throw new Refusal(ProblemCode.BLOCK_NOT_DRAINED,
						"bindings still hold numbers of this block: it can be removed once they have ended");
			}
		}, () -> {
			registry.register(digits, pool.terms());
			registry.draining(digits, true);
		});
		cache.forget(poolId);
	}

	/** The pool a block is in, if any (PostgreSQL). */
	@Transactional(readOnly = true)
	public Optional<String> poolOfBlock(ManagementNumber block) {
		return blocks.findById(block.digits()).map(PoolBlock::poolId);
	}

	/**
	 * The block of the pool, or 404: POOL_NOT_FOUND for no such pool, BLOCK_NOT_FOUND for
	 * a block that is not in it.
	 */
	@Transactional(readOnly = true)
	public BlockView block(String poolId, String managementNumber) {
		return blockView(blockOf(poolId, managementNumber));
	}

	private PoolBlock blockOf(String poolId, String managementNumber) {
		if (!pools.existsById(poolId)) {
			throw new Refusal(ProblemCode.POOL_NOT_FOUND, "no pool " + poolId);
		}
		return blocks.findById(managementNumber)
			.filter(b -> b.poolId().equals(poolId))
			.orElseThrow(() -> new Refusal(ProblemCode.BLOCK_NOT_FOUND,
					"no block " + managementNumber + " in pool " + poolId));
	}

	private static BlockView blockView(PoolBlock block) {
		return new BlockView(block.managementNumber(), block.poolId(), block.numbers(), block.draining(),
				block.drainingSince());
	}

	/** Every pool with its live counts, by id: what the console samples for its chart. */
	@Transactional(readOnly = true)
	public List<PoolView> list() {
		return pools.findAll().stream().sorted(Comparator.comparing(Pool::poolId)).map(this::view).toList();
	}

	public List<String> poolIds() {
		return pools.findAll().stream().map(Pool::poolId).toList();
	}

	private PoolSettings settingsOf(Pool pool) {
		List<ManagementNumber> list = blocks.findByPoolIdOrderByManagementNumber(pool.poolId())
			.stream()
			.map(b -> new ManagementNumber(b.managementNumber()))
			.toList();
		return new PoolSettings(pool.poolId(), pool.numberKind(), pool.maxBindingsPerNumber(), pool.cooldownSeconds(),
				list, pool.extensionDigits(), pool.maxExtensionsPerNumber(), pool.requireIdentityReport(),
				pool.cityCode(), pool.provinceCode());
	}

	private PoolView view(Pool pool) {
		List<PoolBlock> list = blocks.findByPoolIdOrderByManagementNumber(pool.poolId());
		long numbers = list.stream().mapToLong(PoolBlock::numbers).sum();
		PoolUsage live = usage.usage(pool.poolId());
		double utilization = numbers == 0 ? 0 : Math.round(10_000.0 * live.numbersInUse() / numbers) / 10_000.0;
		CallControls controls = pool.callControls();
		return new PoolView(pool.poolId(), pool.region(), pool.numberKind().name(), pool.maxBindingsPerNumber(),
				pool.cooldownSeconds(), list.size(), numbers, live.activeBindings(), live.numbersInUse(), utilization,
				pool.extensionDigits(), pool.maxExtensionsPerNumber(), controls.maxDurationSeconds(),
				controls.announcementId(), controls.ringbackToneId(), pool.requireIdentityReport(), pool.cityCode(),
				pool.provinceCode());
	}

	/** The answer to adding blocks. */
	public record BlocksAdded(int added, long numbers) {
	}

}
