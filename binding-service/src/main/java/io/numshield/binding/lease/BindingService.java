package io.numshield.binding.lease;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.numshield.binding.identity.IdentityReports;
import io.numshield.binding.group.GroupService;
import io.numshield.binding.lease.LeaseOutcome.Result;
import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.platform.PlatformSettings;
import io.numshield.binding.pool.NumberKind;
import io.numshield.binding.pool.PoolService;
import io.numshield.binding.pool.PoolSettings;
import io.numshield.binding.pool.RegionCodes;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.id.OrderId;
import io.numshield.core.number.DialedNumber;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.BindingRecord;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.LeaseCall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The lease lifecycle. The rules of the contract are checked here where they need no live
 * state (shape, consent, quota, pools, cut-over) and inside the lease script where they
 * do (platform status, blocklist, one binding per party per number, capacity, AXN
 * exclusivity and cool-down), so that no two requests can both pass a rule that only one
 * may.
 */
@Service
public class BindingService {

	private static final Duration CONSENT_CLOCK_SKEW = Duration.ofMinutes(5);

	/**
	 * Where an asynchronous lease repairs a shard that lost state (blocking PostgreSQL
	 * and Redis calls, rare: after a Redis restart), so that the Redis clients' I/O
	 * threads never wait.
	 */
	private static final Executor REPAIRS = Executors.newVirtualThreadPerTaskExecutor();

	private final LeaseStore store;

	private final PlatformService platforms;

	private final PoolService pools;

	private final PersonalDataProtector protector;

	private final TransitionProperties transition;

	private final Clock clock;

	private final MeterRegistry meters;

	private final LeaseProperties properties;

	private final AuditBacklogGuard backlog;

	private final QuotaGate quota;

	private final IdentityReports identityReports;

	private final GroupService groups;

	/**
	 * {@code binding.lease} by outcome: a few codes, each registered on its first use
	 * only.
	 */
	private final Map<String, Timer> leaseTimers = new ConcurrentHashMap<>();

	private final Counter releases;

	BindingService(LeaseStore store, PlatformService platforms, PoolService pools, PersonalDataProtector protector,
			TransitionProperties transition, Clock clock, MeterRegistry meters, LeaseProperties properties,
			AuditBacklogGuard backlog, IdentityReports identityReports, GroupService groups) {
		this.identityReports = identityReports;
		this.groups = groups;
		this.properties = properties;
		this.backlog = backlog;
		this.quota = new QuotaGate(store::activeBindings);
		this.store = store;
		this.platforms = platforms;
		this.pools = pools;
		this.protector = protector;
		this.transition = transition;
		this.clock = clock;
		this.meters = meters;
		this.releases = meters.counter("binding.release", "reason", "deleted");
	}

	/**
	 * The same service on another lease store, counting in another registry: the
	 * warm-up's (ADR 0010), whose store lives under a key prefix of its own and whose
	 * leases are not the service's {@code binding.lease}.
	 */
	public BindingService twin(LeaseStore otherStore, MeterRegistry otherMeters) {
		return new BindingService(otherStore, platforms, pools, protector, transition, clock, otherMeters, properties,
				backlog, identityReports, groups);
	}

	/**
	 * Leases a number for an order. Every outcome is counted in {@code binding.lease} by
	 * outcome.
	 */
	public BindingView create(String platformId, BindingRequest request) {
		Timer.Sample sample = Timer.start(meters);
		Throwable failure = null;
		try {
			Lease lease = prepare(platformId, request, true);
			for (LeaseCommand command : lease.attempts()) {
				BindingView view = settle(lease, command, repaired(command, store.lease(command)));
				if (view != null) {
					return grouped(platformId, command, view);
				}
			}
			throw lease.exhausted();
		}
		catch (RuntimeException ex) {
			failure = ex;
			throw ex;
		}
		finally {
			sample.stop(leaseTimer(failure));
		}
	}

	/**
	 * {@link #create}, the same steps, without holding the calling thread while the lease
	 * scripts run (the hot path): the checks that need no live state, the platform's and
	 * pools' settings (cached; PostgreSQL on a miss) and the quota run on the calling
	 * thread, each lease attempt through the lease scripts' pipelined connection
	 * (LeaseScripts), and the stage completes on its I/O thread.
	 */
	public CompletionStage<BindingView> createAsync(String platformId, BindingRequest request) {
		return createAsync(platformId, request, true);
	}

	/**
	 * {@link #createAsync(String, BindingRequest)} for an item of a batch
	 * ({@link BatchBinds}), whose quota the batch has checked for all its items at once.
	 */
	CompletionStage<BindingView> createAsync(String platformId, BindingRequest request, boolean checkQuota) {
		Timer.Sample sample = Timer.start(meters);
		CompletionStage<BindingView> view;
		try {
			Lease lease = prepare(platformId, request, checkQuota);
			view = leaseFrom(lease, 0);
			if (request.mode() == Mode.AXG) {
				// the group's home shard learns of the binding: blocking calls, never on
				// the Redis clients' threads
				view = view.thenApplyAsync(leased -> grouped(platformId, lease.group(), leased), REPAIRS);
			}
		}
		catch (RuntimeException ex) {
			view = CompletableFuture.failedStage(ex);
		}
		return view.whenComplete((leased, failure) -> sample.stop(leaseTimer(
				failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure)));
	}

	private CompletionStage<BindingView> leaseFrom(Lease lease, int next) {
		if (next == lease.attempts().size()) {
			return CompletableFuture.failedStage(lease.exhausted());
		}
		LeaseCommand command = lease.attempts().get(next);
		return store.leaseAsync(command).thenCompose(outcome -> {
			if (outcome.result() == Result.PLATFORM_UNKNOWN || outcome.result() == Result.BLOCK_UNKNOWN) {
				// a shard that lost state (Redis restarted): repaired with blocking
				// calls, never on the Redis clients' threads
				return CompletableFuture.supplyAsync(() -> repaired(command, outcome), REPAIRS);
			}
			return CompletableFuture.completedStage(outcome);
		}).thenCompose(outcome -> {
			BindingView view = settle(lease, command, outcome);
			return view != null ? CompletableFuture.completedStage(view) : leaseFrom(lease, next + 1);
		});
	}

	private BindingView grouped(String platformId, LeaseCommand command, BindingView view) {
		return command.group() == null ? view : grouped(platformId, command.group(), view);
	}

	/**
	 * An AXG binding, once leased, is recorded with its group, which copies the members
	 * again if they changed since the lease read them (ADR 0024); a group deleted
	 * meanwhile takes the binding with it.
	 */
	private BindingView grouped(String platformId, LeaseCall.@Nullable Group group, BindingView view) {
		if (group == null) {
			return view;
		}
		if (!groups.attach(platformId, group.groupId(), view.bindingId(), group.version())) {
			store.release(BindingId.of(view.bindingId()), platformId, "DELETED");
			throw GroupService.notFound(group.groupId());
		}
		return view;
	}

	/**
	 * The {@code binding.lease} timer of an outcome, registered on its first use only.
	 */
	private Timer leaseTimer(Throwable failure) {
		String outcome = failure == null ? "created"
				: failure instanceof Refusal refusal ? refusal.code().name().toLowerCase()
						: failure instanceof IllegalArgumentException ? "invalid" : "error";
		return leaseTimers.computeIfAbsent(outcome, o -> meters.timer("binding.lease", "outcome", o));
	}

	/**
	 * A lease's steps up to its first attempt, in the order the contract checks them: the
	 * request's own rules, the platform and the pools it may lease from now, its quota;
	 * then the terms every attempt shares, and the attempts in the order they are to be
	 * made.
	 */
	private Lease prepare(String platformId, BindingRequest request, boolean checkQuota) {
		Instant now = clock.instant();
		Instant expiresAt = checkRequest(request, now);
		Parties parties = parties(request);
		VirtualNumber asked = request.virtualNumber() == null ? null : VirtualNumber.parse(request.virtualNumber());
		// the platform's status is not read here: the lease script reads it from the
		// shard's mirror
		// (lib.lua platform_refusal), the one place that decides it for leases, changes
		// and routes
		PlatformSettings platform = platforms.settings(platformId)
			.orElseThrow(() -> new Refusal(ProblemCode.PLATFORM_NOT_FOUND, "no platform " + platformId));
		List<PoolSettings> candidates = withIdentityRule(platformId, parties.a(), asked,
				candidatePools(platform, request.poolId()));
		if (checkQuota) {
			checkQuota(platform);
		}
		LeaseCall.Group group = request.mode() == Mode.AXG ? groups.forLease(platformId, request.groupId()) : null;
		Terms terms = terms(platformId, request, parties, expiresAt, group,
				request.industrialId() != null ? request.industrialId() : platform.industrialId());
		return asked != null ? askedFor(asked, request, parties, terms, candidates, now)
				: anyOf(request, parties, terms, candidates, now);
	}

	/**
	 * The rules of the request alone: expiry, consent, and what each mode allows. Answers
	 * the expiry.
	 */
	private Instant checkRequest(BindingRequest request, Instant now) {
		Instant expiresAt = checkExpiry(request.ttlSeconds(), request.expiresAt(), now, true);
		if (request.consent().grantedAt().isAfter(now.plus(CONSENT_CLOCK_SKEW))) {
			throw invalid("consent.grantedAt lies in the future");
		}
		if (request.mode() == Mode.AXB && (request.partyB() == null || request.partyB().isBlank())) {
			throw invalid("partyB is required for AXB");
		}
		if (request.mode() == Mode.AXN && request.partyB() != null) {
			throw invalid("partyB is not allowed for AXN: X belongs to party A alone");
		}
		if (request.mode() == Mode.AXN && request.direction() != null && request.direction() != Direction.BOTH) {
			throw invalid("direction applies to AXB only");
		}
		if (request.mode() == Mode.AXG) {
			if (request.partyB() != null) {
				throw invalid("partyB is not allowed for AXG: its group's members call A");
			}
			if (request.groupId() == null) {
				throw invalid("groupId is required for AXG");
			}
			if (request.direction() != null && request.direction() != Direction.BOTH) {
				throw invalid("direction applies to AXB only; an AXG group says whether A calls its members");
			}
		}
		else if (request.groupId() != null) {
			throw invalid("groupId applies to AXG only");
		}
		if (request.mode() == Mode.AXE && request.partyB() == null && request.direction() != null
				&& request.direction() != Direction.BOTH) {
			throw invalid("direction applies to an AXE binding with a party B only");
		}
		checkRegion(request);
		return expiresAt;
	}

	/**
	 * {@code region} is a city code and chooses among numbers (ADR 0023): a bind that
	 * names its number takes none, and a policy needs a region.
	 */
	private static void checkRegion(BindingRequest request) {
		if (request.region() == null) {
			if (request.regionPolicy() != null) {
				throw invalid("regionPolicy needs a region");
			}
			return;
		}
		if (!RegionCodes.isCity(request.region())) {
			throw invalid("region must be a GB/T 2260 city code (PPCC00)");
		}
		if (request.virtualNumber() != null) {
			throw invalid("region chooses a number: a bind that names its virtualNumber takes no region");
		}
	}

	/**
	 * What is left of the platform's quota ({@code maxActiveBindings} less its active
	 * bindings, read exactly), or {@link Long#MAX_VALUE} without one: a batch's items
	 * share it ({@link BatchBinds}).
	 */
	long quotaLeft(String platformId) {
		PlatformSettings platform = platforms.settings(platformId)
			.orElseThrow(() -> new Refusal(ProblemCode.PLATFORM_NOT_FOUND, "no platform " + platformId));
		if (platform.maxActiveBindings() == null) {
			return Long.MAX_VALUE;
		}
		return Math.max(0, platform.maxActiveBindings() - store.activeBindings(platformId));
	}

	/** The parties, parsed: A, and B for AXB (two different numbers). */
	private static Parties parties(BindingRequest request) {
		RealNumber a = RealNumber.parse(request.partyA());
		RealNumber b = request.mode() == Mode.AXB || (request.mode() == Mode.AXE && request.partyB() != null)
				? RealNumber.parse(request.partyB()) : null;
		if (a.equals(b)) {
			throw invalid("partyA and partyB must differ");
		}
		return new Parties(a, b);
	}

	private void checkQuota(PlatformSettings platform) {
		if (platform.maxActiveBindings() != null
				&& !quota.allows(platform.platformId(), platform.maxActiveBindings())) {
			throw new Refusal(ProblemCode.QUOTA_EXCEEDED,
					"the platform holds its maximum of " + platform.maxActiveBindings() + " active bindings");
		}
	}

	/**
	 * What every attempt of this lease asks the script for: the parties protected, the
	 * binding id's suffix, the expiry.
	 */
	private Terms terms(String platformId, BindingRequest request, Parties parties, Instant expiresAt,
			LeaseCall.@Nullable Group group, @Nullable String industrialId) {
		RealNumber a = parties.a();
		RealNumber b = parties.b();
		return new Terms(platformId, request, BindingId.randomSuffix(), protector.blindIndex(a),
				b == null ? null : protector.blindIndex(b),
				protector.encryptParties(b == null ? List.of(a) : List.of(a, b)),
				request.direction() == null ? Direction.BOTH : request.direction(),
				Boolean.TRUE.equals(request.recording()),
				request.ttlSeconds() == null ? null : request.ttlSeconds() * 1000L,
				request.ttlSeconds() == null ? expiresAt : null, group, industrialId);
	}

	/**
	 * The asked-for number: one attempt, if it lies in a pool the platform may lease from
	 * now and its shard's audit trail keeps up.
	 */
	private Lease askedFor(VirtualNumber asked, BindingRequest request, Parties parties, Terms terms,
			List<PoolSettings> candidates, Instant now) {
		ManagementNumber block = asked.managementNumber();
		PoolSettings pool = candidates.stream().filter(p -> p.contains(block)).findFirst().orElse(null);
		if (pool == null || !leasableNow(pool, now)) {
			throw new Refusal(ProblemCode.NUMBER_UNAVAILABLE,
					"virtual number " + asked + " is not in a pool this platform may lease from");
		}
		backlog.check(block.shard());
		return new Lease(request, parties, true, List.of(terms.on(block, asked.indexInBlock())), false, terms.group(),
				null);
	}

	/**
	 * Any number: an attempt on each block of each pool the platform may lease from now,
	 * shuffled per pool, but for shards whose audit trail is too far behind.
	 */
	private Lease anyOf(BindingRequest request, Parties parties, Terms terms, List<PoolSettings> candidates,
			Instant now) {
		List<ManagementNumber> order = new ArrayList<>();
		boolean skippedBehind = false;
		Map<ManagementNumber, Placement> placements = request.region() == null ? null : new HashMap<>();
		for (PoolSettings pool : inRegionOrder(candidates, request)) {
			if (!leasableNow(pool, now)) {
				continue;
			}
			List<ManagementNumber> blocks = new ArrayList<>(pool.blocks());
			Collections.shuffle(blocks);
			Placement placement = placements == null ? null : Placement.of(pool, request.region());
			for (ManagementNumber block : blocks) {
				// a shard whose audit trail is behind takes no lease; the others still do
				if (backlog.behind(block.shard())) {
					skippedBehind = true;
					continue;
				}
				order.add(block);
				if (placement != null) {
					placements.put(block, placement);
				}
			}
		}
		// each attempt's command is made when it is tried: the first block nearly always
		// takes the pair, and building one per block of the pool up front (an id checked
		// per block) showed in a bind's profile with a pool of many blocks
		List<LeaseCommand> attempts = new AbstractList<>() {
			@Override
			public LeaseCommand get(int i) {
				return terms.on(order.get(i), -1);
			}

			@Override
			public int size() {
				return order.size();
			}
		};
		return new Lease(request, parties, false, attempts, skippedBehind, terms.group(), placements);
	}

	/**
	 * The candidate pools a bind with a {@code region} may lease from, level by level as
	 * its policy allows (city, then province, then any), the platform's preference order
	 * kept within each level; without a region, all of them as they are.
	 */
	private static List<PoolSettings> inRegionOrder(List<PoolSettings> candidates, BindingRequest request) {
		if (request.region() == null) {
			return candidates;
		}
		RegionPolicy policy = request.regionPolicy() != null ? request.regionPolicy() : RegionPolicy.DEFAULT;
		List<PoolSettings> ordered = new ArrayList<>();
		for (RegionPolicy.Match level : RegionPolicy.Match.values()) {
			if (policy.allows(level)) {
				candidates.stream()
					.filter(pool -> Placement.of(pool, request.region()).match() == level)
					.forEach(ordered::add);
			}
		}
		return ordered;
	}

	/**
	 * Where a pool lies from a bind's region: the answer's {@code regionUsed} (the pool's
	 * city code, else its province code, else none) and {@code regionMatch}.
	 */
	private record Placement(@Nullable String used, RegionPolicy.Match match) {

		static Placement of(PoolSettings pool, String region) {
			RegionPolicy.Match match = region.equals(pool.cityCode()) ? RegionPolicy.Match.CITY
					: RegionCodes.provinceOf(region).equals(pool.provinceCode()) ? RegionPolicy.Match.PROVINCE
							: RegionPolicy.Match.ANY;
			return new Placement(pool.cityCode() != null ? pool.cityCode() : pool.provinceCode(), match);
		}
	}

	/**
	 * Repairs a shard that lost its copy of the platform or the block, once, and asks
	 * again.
	 */
	private LeaseOutcome repaired(LeaseCommand command, LeaseOutcome outcome) {
		if (outcome.result() == Result.PLATFORM_UNKNOWN) {
			platforms.mirrorOne(command.platformId());
			outcome = store.lease(command);
		}
		if (outcome.result() == Result.BLOCK_UNKNOWN) {
			pools.reregister(command.block());
			outcome = store.lease(command);
		}
		return outcome;
	}

	private List<PoolSettings> candidatePools(PlatformSettings platform, String poolId) {
		if (poolId != null) {
			if (!platform.pools().contains(poolId)) {
				throw new Refusal(ProblemCode.POOL_NOT_FOUND,
						"pool " + poolId + " is not one of this platform's pools");
			}
			return List.of(pools.settings(poolId)
				.orElseThrow(() -> new Refusal(ProblemCode.POOL_NOT_FOUND, "no pool " + poolId)));
		}
		return platform.pools().stream().map(pools::settings).flatMap(java.util.Optional::stream).toList();
	}

	/**
	 * The candidate pools without those that require a current real-name report of party
	 * A when the platform has none (ADR 0027): no look-up at all when no candidate
	 * requires one. 403 IDENTITY_REPORT_REQUIRED when that leaves no pool, or the
	 * asked-for number lies in such a pool.
	 */
	private List<PoolSettings> withIdentityRule(String platformId, RealNumber partyA, @Nullable VirtualNumber asked,
			List<PoolSettings> candidates) {
		if (candidates.stream().noneMatch(PoolSettings::requireIdentityReport)
				|| identityReports.hasCurrent(platformId, partyA)) {
			return candidates;
		}
		List<PoolSettings> open = candidates.stream().filter(p -> !p.requireIdentityReport()).toList();
		if (open.isEmpty() || (asked != null && candidates.stream()
			.anyMatch(p -> p.requireIdentityReport() && p.contains(asked.managementNumber())))) {
			throw new Refusal(ProblemCode.IDENTITY_REPORT_REQUIRED,
					"the pool requires a current real-name report of party A (POST /v1/identity-reports)");
		}
		return open;
	}

	private boolean leasableNow(PoolSettings pool, Instant now) {
		return pool.numberKind() != NumberKind.LEGACY || transition.legacyAllowedAt(now);
	}

	/** The platform's active bindings now, summed over the shards: its quota use. */
	public long activeBindings(String platformId) {
		return store.activeBindings(platformId);
	}

	public BindingView get(String platformId, String bindingId) {
		BindingId id = parseId(bindingId);
		return owned(platformId, bindingId, id, store.find(id));
	}

	/**
	 * {@link #get}, without waiting for Redis (the hot path); the stage completes on a
	 * Redisson thread.
	 */
	public CompletionStage<BindingView> getAsync(String platformId, String bindingId) {
		BindingId id = parseId(bindingId);
		return store.findAsync(id).thenApply(found -> owned(platformId, bindingId, id, found));
	}

	private BindingView owned(String platformId, String bindingId, BindingId id, Optional<BindingRecord> found) {
		return view(id, found.filter(r -> r.platformId().equals(platformId)).orElseThrow(() -> notFound(bindingId)));
	}

	public List<BindingView> findByOrder(String platformId, String orderId) {
		if (orderId == null || !OrderId.isValid(orderId)) {
			throw invalid("orderId must be 1..64 of [A-Za-z0-9._:-]");
		}
		List<BindingView> views = new ArrayList<>();
		for (BindingId id : store.findByOrder(platformId, orderId)) {
			store.find(id).filter(r -> r.platformId().equals(platformId)).ifPresent(r -> views.add(view(id, r)));
		}
		return views;
	}

	/**
	 * The platform's own active bindings on one virtual number ({@code called} may carry
	 * the extension as {@code X,NNNN}), or on one extension of it; one read-only script
	 * on the number's shard (ADR 0025).
	 */
	public List<BindingView> findByNumber(String platformId, String called, String extension) {
		DialedNumber dialed = DialedNumber.parse(called, extension);
		List<BindingView> views = new ArrayList<>();
		for (BindingId id : store.findOnNumber(platformId, dialed.number(), dialed.extension())) {
			store.find(id).filter(r -> r.platformId().equals(platformId)).ifPresent(r -> views.add(view(id, r)));
		}
		return views;
	}

	public BindingView change(String platformId, String bindingId, BindingChange change) {
		BindingId id = parseId(bindingId);
		if (change.empty()) {
			throw invalid("give ttlSeconds, expiresAt, partyB, recording or a call control");
		}
		Instant now = clock.instant();
		Instant expiresAt = (change.ttlSeconds() == null && change.expiresAt() == null) ? null
				: checkExpiry(change.ttlSeconds(), change.expiresAt(), now, false);
		String idxB = null;
		String parties = null;
		if (change.partyB() != null) {
			RealNumber newB = RealNumber.parse(change.partyB());
			BindingRecord record = store.find(id)
				.filter(r -> r.platformId().equals(platformId))
				.orElseThrow(() -> notFound(bindingId));
			if (!record.mode().equals(Mode.AXB.name()) && !(record.mode().equals(Mode.AXE.name())
					&& record.partyBIndex() != null && !record.partyBIndex().isEmpty())) {
				throw invalid("only an AXB binding, or an AXE binding made with one, has a party B");
			}
			RealNumber a = protector.decryptParties(record.parties()).get(0);
			idxB = protector.blindIndex(newB);
			parties = protector.encryptParties(List.of(a, newB));
		}
		String eventId = "updated:" + id + ":" + UUID.randomUUID();
		LeaseStore.Update update = new LeaseStore.Update(expiresAt, idxB, parties, change.recording(),
				change.callControls());
		String result = store.update(id, platformId, eventId, update);
		if ("PLATFORM_UNKNOWN".equals(result)) {
			// the shard lost its copy of the platform's status: mirror it and ask once
			// more
			platforms.mirrorOne(platformId);
			result = store.update(id, platformId, eventId, update);
		}
		switch (result) {
			case "OK" -> {
			}
			case "PLATFORM_SUSPENDED", "PLATFORM_UNKNOWN" -> throw suspended("change bindings");
			case "NOT_FOUND", "NOT_ACTIVE" -> throw notFound(bindingId);
			case "NOT_AXB" -> throw invalid("only an AXB binding, or an AXE binding made with one, has a party B");
			case "PARTY_BLOCKED" -> throw new Refusal(ProblemCode.PARTY_BLOCKED, "the new party B is blocked");
			case "PARTY_BLOCKED_BY_PLATFORM" ->
				throw new Refusal(ProblemCode.PARTY_BLOCKED, "the new party B is on the platform's own blocklist");
			case "PARTY_BUSY_ON_NUMBER" -> throw new Refusal(ProblemCode.PARTY_BUSY_ON_NUMBER,
					"the new party B is already party to a binding on this virtual number");
			case "EXPIRY_IN_PAST" -> throw invalid("the new expiry lies in the past");
			default -> throw new IllegalStateException("unexpected update answer " + result);
		}
		return get(platformId, bindingId);
	}

	/**
	 * Releases a binding; releasing a released or expired one again is fine. A suspended
	 * platform may release (ending a binding only reduces what it holds); a revoked one
	 * has nothing left to release.
	 */
	public void release(String platformId, String bindingId) {
		released(bindingId, store.release(parseId(bindingId), platformId, "DELETED"));
	}

	/**
	 * {@link #release}, without waiting for Redis (the hot path); the stage completes on
	 * an I/O thread of the scripts' connection.
	 */
	public CompletionStage<Void> releaseAsync(String platformId, String bindingId) {
		return store.releaseAsync(parseId(bindingId), platformId, "DELETED")
			.thenAccept(result -> released(bindingId, result));
	}

	private void released(String bindingId, String result) {
		if ("NOT_FOUND".equals(result)) {
			throw notFound(bindingId);
		}
		releases.increment();
	}

	private Instant checkExpiry(Integer ttlSeconds, Instant expiresAt, Instant now, boolean required) {
		if (ttlSeconds != null && expiresAt != null) {
			throw invalid("give ttlSeconds or expiresAt, not both");
		}
		Duration min = properties.minTtl();
		Duration max = properties.maxTtl();
		String range = min.toSeconds() + ".." + max.toSeconds() + " s";
		if (ttlSeconds != null) {
			if (ttlSeconds < min.toSeconds() || ttlSeconds > max.toSeconds()) {
				throw invalid("ttlSeconds must be " + range);
			}
			return now.plusSeconds(ttlSeconds);
		}
		if (expiresAt == null) {
			if (required) {
				throw invalid("ttlSeconds (" + range + ") or expiresAt is required");
			}
			return null;
		}
		Duration ahead = Duration.between(now, expiresAt);
		if (ahead.compareTo(min) < 0 || ahead.compareTo(max) > 0) {
			throw invalid("expiresAt must lie " + range + " ahead");
		}
		return expiresAt;
	}

	private BindingView view(BindingId id, BindingRecord r) {
		List<RealNumber> parties = protector.decryptParties(r.parties());
		return BindingView.of(id.value(), r.mode(), r.orderId(), r.virtualNumber().digits(), parties.get(0).masked(),
				parties.size() > 1 ? parties.get(1).masked() : null, r.direction(), r.recording(), r.createdAt(),
				r.expiresAt(), r.effectiveStatus(clock.instant()).name(), r.endedAt() != null ? r.endedAt() : null,
				r.endReason(), r.extension(), CallControls.parse(r.callControls()), r.groupId());
	}

	/**
	 * The binding when {@code command} leased; {@code null} to try the lease's next
	 * attempt (this block is full, or still unknown after re-registering it: gone from
	 * its pool meanwhile); otherwise the refusal the contract names.
	 */
	private BindingView settle(Lease lease, LeaseCommand command, LeaseOutcome outcome) {
		if (outcome.result() == Result.OK) {
			quota.leased(command.platformId());
			BindingRequest request = lease.request();
			BindingView view = BindingView.of(command.bindingId().value(), request.mode().name(), request.orderId(),
					outcome.virtualNumber().digits(), lease.parties().a().masked(), lease.parties().maskedB(),
					command.direction().name(), command.recording(), outcome.createdAt(), outcome.expiresAt(), "ACTIVE",
					null, null, outcome.extension(), command.callControls(),
					command.group() == null ? null : command.group().groupId());
			Placement placement = lease.placements() == null ? null : lease.placements().get(command.block());
			return placement == null ? view : view.inRegion(placement.used(), placement.match());
		}
		if (lease.asked() || (outcome.result() != Result.FULL && outcome.result() != Result.BLOCK_UNKNOWN)) {
			Refusal refusal = refusal(outcome.result(), lease.asked());
			throw refusal.code() == ProblemCode.NO_AVAILABLE_NUMBER ? lease.noNumber() : refusal;
		}
		return null;
	}

	/**
	 * A prepared lease: the request, its parsed parties, and the attempts to make in
	 * order (the asked-for number alone, or every block that may take it).
	 * {@link #exhausted} is the refusal once none took the pair. {@code placements}:
	 * where each block's pool lies from the request's region, {@code null} without one.
	 */
	private record Lease(BindingRequest request, Parties parties, boolean asked, List<LeaseCommand> attempts,
			boolean skippedBehind, LeaseCall.@Nullable Group group,
			@Nullable Map<ManagementNumber, Placement> placements) {

		Refusal exhausted() {
			return skippedBehind ? AuditBacklogGuard.refusal() : noNumber();
		}

		/** NO_AVAILABLE_NUMBER, naming the region and policy that failed when given. */
		Refusal noNumber() {
			String region = request.region();
			if (region == null) {
				return new Refusal(ProblemCode.NO_AVAILABLE_NUMBER,
						"no number of the platform's pools can take this pair");
			}
			RegionPolicy policy = request.regionPolicy() != null ? request.regionPolicy() : RegionPolicy.DEFAULT;
			return new Refusal(
					ProblemCode.NO_AVAILABLE_NUMBER, "no number of the platform's pools can take this pair"
							+ " in region " + region + " under regionPolicy " + policy,
					Map.of("region", region, "regionPolicy", policy.name()));
		}
	}

	/** A request's parties, parsed; {@code b} is {@code null} for AXN. */
	private record Parties(RealNumber a, RealNumber b) {

		String maskedB() {
			return b == null ? null : b.masked();
		}
	}

	/**
	 * The terms every attempt of one lease shares; {@link #on} makes the command for one
	 * block ({@code askedIndex} -1: any free number of it).
	 */
	private record Terms(String platformId, BindingRequest request, String suffix, String partyAIndex,
			String partyBIndex, String parties, Direction direction, boolean recording, Long ttlMillis,
			Instant expiresAt, LeaseCall.@Nullable Group group, @Nullable String industrialId) {

		LeaseCommand on(ManagementNumber block, int askedIndex) {
			return new LeaseCommand(BindingId.withSuffix(block.shard(), suffix), platformId, request.orderId(),
					request.mode(), block, askedIndex, partyAIndex, partyBIndex, parties, direction, recording,
					ttlMillis, expiresAt, request.consent().reference(), request.consent().grantedAt(),
					request.callControls(), group, industrialId);
		}
	}

	private static Refusal refusal(Result result, boolean asked) {
		return switch (result) {
			case PLATFORM_SUSPENDED, PLATFORM_UNKNOWN -> suspended("lease numbers");
			case PARTY_BLOCKED -> new Refusal(ProblemCode.PARTY_BLOCKED, "a party is on the blocklist");
			case PARTY_BLOCKED_BY_PLATFORM ->
				new Refusal(ProblemCode.PARTY_BLOCKED, "a party is on the platform's own blocklist");
			case FULL,
					NUMBER_UNAVAILABLE ->
				asked ? new Refusal(ProblemCode.NUMBER_UNAVAILABLE,
						"the asked-for virtual number cannot take this pair")
						: new Refusal(ProblemCode.NO_AVAILABLE_NUMBER,
								"no number of the platform's pools can take this pair");
			case EXPIRY_IN_PAST -> invalid("the expiry lies in the past");
			case BLOCK_UNKNOWN -> new Refusal(asked ? ProblemCode.NUMBER_UNAVAILABLE : ProblemCode.NO_AVAILABLE_NUMBER,
					"the block is not registered");
			case OK -> throw new IllegalArgumentException("OK is no refusal");
		};
	}

	private static Refusal suspended(String what) {
		return new Refusal(ProblemCode.PLATFORM_SUSPENDED, "the platform is suspended or revoked and may not " + what);
	}

	private static BindingId parseId(String bindingId) {
		if (!BindingId.isValid(bindingId)) {
			throw notFound(bindingId);
		}
		return new BindingId(bindingId);
	}

	private static Refusal notFound(String bindingId) {
		return new Refusal(ProblemCode.BINDING_NOT_FOUND, "no binding " + safe(bindingId));
	}

	private static String safe(String value) {
		return value != null && value.matches("[A-Za-z0-9]{1,32}") ? value : "with that id";
	}

	static Refusal invalid(String detail) {
		return new Refusal(ProblemCode.VALIDATION_FAILED, detail);
	}

}
