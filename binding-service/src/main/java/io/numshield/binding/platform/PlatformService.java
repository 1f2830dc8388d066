package io.numshield.binding.platform;

import io.numshield.binding.pool.PoolService;
import io.numshield.core.callback.CallbackKind;
import io.numshield.core.callback.CallbackTargetPolicy;
import io.numshield.core.callback.ForbiddenCallbackTarget;
import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.numshield.binding.system.SettingsCache;
import io.numshield.binding.system.TransactionalSideEffects;

/**
 * Registers platforms and moves their status. Every status change reaches Redis before
 * the call returns and is undone there if PostgreSQL refuses it; its
 * PLATFORM_STATUS_CHANGED event is a row of the change's transaction, written to the
 * stream after the commit (ADR 0016), and a revocation's releases follow the commit (ADR
 * 0005).
 */
@Service
public class PlatformService {

	private static final Logger log = LoggerFactory.getLogger(PlatformService.class);

	private final PlatformRepository platforms;

	private final PlatformStatusChangeRepository history;

	private final PoolService pools;

	private final PlatformStatusMirror mirror;

	private final PlatformLedger ledger;

	private final TransactionalSideEffects sideEffects;

	private final PlatformReleaser releaser;

	private final CallbackMirror callbacks;

	private final PersonalDataProtector protector;

	private final PlatformProperties properties;

	private final CallbackTargetPolicy callbackTargets;

	private final Clock clock;

	private final SettingsCache<PlatformSettings> cache;

	private final SecureRandom random = new SecureRandom();

	PlatformService(PlatformRepository platforms, PlatformStatusChangeRepository history, PoolService pools,
			PlatformStatusMirror mirror, PlatformLedger ledger, TransactionalSideEffects sideEffects,
			PlatformReleaser releaser, CallbackMirror callbacks, PersonalDataProtector protector,
			PlatformProperties properties, CallbackTargetPolicy callbackTargets, Clock clock) {
		this.callbacks = callbacks;
		this.ledger = ledger;
		this.sideEffects = sideEffects;
		this.platforms = platforms;
		this.history = history;
		this.pools = pools;
		this.mirror = mirror;
		this.releaser = releaser;
		this.protector = protector;
		this.properties = properties;
		this.callbackTargets = callbackTargets;
		this.clock = clock;
		this.cache = new SettingsCache<>(clock, properties.configCacheTtl());
	}

	@Transactional
	public PlatformView create(String platformId, String name, List<String> poolIds, Long maxActiveBindings,
			String callbackUrl, CallbackChoice callbackChoice, String operator) {
		return create(platformId, name, poolIds, maxActiveBindings, callbackUrl, callbackChoice, null, operator);
	}

	/**
	 * Registers a platform, with the industrial identifier its leases carry unless they
	 * name their own ({@code industrialId}, null for none: ADR 0028).
	 */
	@Transactional
	public PlatformView create(String platformId, String name, List<String> poolIds, Long maxActiveBindings,
			String callbackUrl, CallbackChoice callbackChoice, @Nullable String industrialId, String operator) {
		if (platforms.existsById(platformId)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, 409, "a platform with this platformId exists");
		}
		if (new HashSet<>(poolIds).size() != poolIds.size()) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "pools are listed once each");
		}
		for (String poolId : poolIds) {
			if (!pools.exists(poolId)) {
				throw new Refusal(ProblemCode.POOL_NOT_FOUND, "no pool " + poolId);
			}
		}
		if (callbackUrl != null) {
			try {
				callbackTargets.check(callbackUrl);
			}
			catch (ForbiddenCallbackTarget ex) {
				throw new Refusal(ProblemCode.VALIDATION_FAILED, "callbackUrl " + ex.reason()
						+ "; an operator may allow such a target with numshield.callbacks.allowed-internal");
			}
		}
		// Standard Webhooks form: whsec_ + standard base64 of 32 random bytes (the HMAC
		// key)
		byte[] secretBytes = new byte[32];
		random.nextBytes(secretBytes);
		String callbackSecret = "whsec_" + Base64.getEncoder().encodeToString(secretBytes);
		Instant now = clock.instant();
		Platform platform = new Platform(platformId, name, poolIds, maxActiveBindings, callbackUrl,
				protector.encryptSecret(callbackSecret), now);
		configure(platform, callbackChoice, now);
		if (industrialId != null) {
			platform.identifyIndustrially(industrialId, now);
		}
		platforms.save(platform);
		history.save(new PlatformStatusChange(platformId, PlatformStatus.ACTIVE, "created", operator, now));
		PlatformCallbacks mirrored = platform.mirroredCallbacks();
		sideEffects.mirror("status ACTIVE of new platform " + platformId,
				() -> mirror.mirror(platformId, PlatformStatus.ACTIVE, mirrored), () -> mirror.forget(platformId));
		if (callbackUrl != null) {
			sideEffects.mirror("callback target of new platform " + platformId,
					() -> callbacks.mirror(platformId, callbackUrl, platform.callbackSecret()),
					() -> callbacks.forgetTarget(platformId));
		}
		record(platformId, PlatformStatus.ACTIVE, "created", operator, now, null);
		return view(platform, callbackSecret);
	}

	@Transactional(readOnly = true)
	public PlatformView get(String platformId) {
		return view(require(platformId), null);
	}

	/** Every platform, by id (never a callbackSecret). */
	@Transactional(readOnly = true)
	public List<PlatformView> list() {
		return platforms.findAll()
			.stream()
			.sorted(Comparator.comparing(Platform::platformId))
			.map(p -> view(p, null))
			.toList();
	}

	/**
	 * Changes which callbacks the platform wants and how they are batched ({@code PATCH};
	 * a field left out keeps its value). The scripts see the change before the answer,
	 * and the old settings again if PostgreSQL refuses it.
	 */
	@Transactional
	public PlatformView configureCallbacks(String platformId, CallbackChoice choice, String operator) {
		return change(platformId, choice, null, operator);
	}

	/**
	 * {@link #configureCallbacks}, and a new industrial identifier when
	 * {@code industrialId} is given: leases made from then on carry it (on other
	 * instances after their {@code config-cache-ttl}); leases made before keep theirs
	 * (ADR 0028).
	 */
	@Transactional
	public PlatformView change(String platformId, CallbackChoice choice, @Nullable String industrialId,
			String operator) {
		Platform platform = require(platformId);
		PlatformCallbacks before = platform.mirroredCallbacks();
		configure(platform, choice, clock.instant());
		if (industrialId != null) {
			String previous = platform.industrialId();
			platform.identifyIndustrially(industrialId, clock.instant());
			sideEffects.afterCommit("settings cache of platform " + platformId, () -> cache.forget(platformId));
			log.info("platform {} industrialId {} -> {} (by {})", platformId, previous, industrialId, operator);
		}
		platforms.save(platform);
		PlatformStatus status = platform.status();
		PlatformCallbacks after = platform.mirroredCallbacks();
		sideEffects.mirror("callbacks of platform " + platformId, () -> mirror.mirror(platformId, status, after),
				() -> mirror.mirror(platformId, status, before));
		log.info("platform {} callbacks now {} (by {})", platformId, after.mirrorEntry(status.name()), operator);
		return view(platform, null);
	}

	private static void configure(Platform platform, CallbackChoice choice, Instant now) {
		PlatformCallbacks current = platform.callbacks();
		Set<CallbackKind> events = choice.events() == null ? current.events() : EnumSet.noneOf(CallbackKind.class);
		if (choice.events() != null) {
			events.addAll(choice.events());
		}
		boolean everyKind = choice.events() == null ? platform.everyCallbackKind()
				: events.equals(EnumSet.allOf(CallbackKind.class));
		platform.configureCallbacks(everyKind ? null : events,
				choice.batchSize() == null ? current.batchSize() : choice.batchSize(),
				choice.batchWindowMs() == null ? current.batchWindowMs() : choice.batchWindowMs(), now);
	}

	/**
	 * A change of a platform's callbacks, each part null when left as it is.
	 *
	 * @param events the kinds wanted
	 * @param batchSize at most this many events per POST (1..100)
	 * @param batchWindowMs the longest an event waits for others (0..60000)
	 */
	public record CallbackChoice(@Nullable List<CallbackKind> events, @Nullable Integer batchSize,
			@Nullable Integer batchWindowMs) {
	}

	@Transactional
	public PlatformView suspend(String platformId, String reason, String operator) {
		return suspend(platformId, reason, operator, null);
	}

	/**
	 * A suspension made from a regulator's case file (ADR 0030): its
	 * PLATFORM_STATUS_CHANGED entry carries the {@code caseId}.
	 */
	@Transactional
	public PlatformView suspend(String platformId, String reason, String operator, @Nullable String caseId) {
		Platform platform = require(platformId);
		PlatformStatus before = platform.status();
		platform.suspend(reason, clock.instant());
		return changed(platform, before, reason, operator, caseId);
	}

	@Transactional
	public PlatformView resume(String platformId, String operator) {
		Platform platform = require(platformId);
		PlatformStatus before = platform.status();
		platform.resume(clock.instant());
		return changed(platform, before, "resumed", operator, null);
	}

	/**
	 * Revokes for good and releases every active binding of the platform. Releasing
	 * cannot be undone, so it follows the commit (still before the answer): a revocation
	 * PostgreSQL refuses releases nothing. Until the releases ran, the mirrored REVOKED
	 * already stops every lease, change and route.
	 */
	@Transactional
	public PlatformView revoke(String platformId, String reason, String operator) {
		Platform platform = require(platformId);
		PlatformStatus before = platform.status();
		platform.revoke(reason, clock.instant());
		PlatformView view = changed(platform, before, reason, operator, null);
		sideEffects.afterCommit("release of the active bindings of revoked platform " + platformId, () -> {
			long released = releaser.releaseAll(platformId, "PLATFORM_REVOKED");
			log.info("platform {} revoked; {} active bindings released", platformId, released);
		});
		return view;
	}

	/**
	 * Settings for the lease path, cached for {@code config-cache-ttl}; Redis has the
	 * status at once anyway.
	 */
	public Optional<PlatformSettings> settings(String platformId) {
		return cache.get(platformId, id -> platforms.findById(id)
			.map(p -> new PlatformSettings(p.platformId(), p.pools(), p.maxActiveBindings(), p.industrialId())));
	}

	/**
	 * Refuses a write of a platform that is suspended or revoked (403
	 * {@code PLATFORM_SUSPENDED}, as its binds are) or unknown (404
	 * {@code PLATFORM_NOT_FOUND}), for the writes that no lease script decides: its AXG
	 * groups, real-name reports and own blocklist. Read from PostgreSQL, uncached, so
	 * that a suspension holds from its answer on.
	 */
	@Transactional(readOnly = true)
	public void requireActive(String platformId, String what) {
		Platform platform = platforms.findById(platformId)
			.orElseThrow(() -> new Refusal(ProblemCode.PLATFORM_NOT_FOUND, "no platform " + platformId));
		if (platform.status() != PlatformStatus.ACTIVE) {
			throw new Refusal(ProblemCode.PLATFORM_SUSPENDED,
					"the platform is suspended or revoked and may not " + what);
		}
	}

	/**
	 * Answers {@code settings} from {@link #settings} until {@link #forgetSynthetic}: the
	 * warm-up's platform, which exists nowhere else (not in PostgreSQL, and in Redis only
	 * under the warm-up's prefix). Its id is random, and no real token can name it.
	 */
	public void cacheSynthetic(PlatformSettings settings, Duration ttl) {
		cache.put(settings.platformId(), settings, ttl);
	}

	public void forgetSynthetic(String platformId) {
		cache.forget(platformId);
	}

	/**
	 * Copies every platform's status to Redis again (at start, and when a script found
	 * none).
	 */
	@Transactional(readOnly = true)
	public int mirrorAll() {
		List<Platform> all = platforms.findAll();
		all.forEach(p -> mirror.mirror(p.platformId(), p.status(), p.mirroredCallbacks()));
		all.stream()
			.filter(p -> p.callbackUrl() != null)
			.forEach(p -> callbacks.mirror(p.platformId(), p.callbackUrl(), p.callbackSecret()));
		return all.size();
	}

	/** Copies one platform's status to Redis again, if the platform exists. */
	@Transactional(readOnly = true)
	public boolean mirrorOne(String platformId) {
		Optional<Platform> platform = platforms.findById(platformId);
		platform.ifPresent(p -> mirror.mirror(p.platformId(), p.status(), p.mirroredCallbacks()));
		return platform.isPresent();
	}

	private PlatformView changed(Platform platform, PlatformStatus before, String reason, String operator,
			@Nullable String caseId) {
		String platformId = platform.platformId();
		PlatformStatus status = platform.status();
		Instant now = clock.instant();
		platforms.save(platform);
		history.save(new PlatformStatusChange(platformId, status, reason, operator, now));
		PlatformCallbacks callbacks = platform.mirroredCallbacks();
		sideEffects.mirror("status " + status + " of platform " + platformId,
				() -> mirror.mirror(platformId, status, callbacks), () -> mirror.mirror(platformId, before, callbacks));
		record(platformId, status, reason, operator, now, caseId);
		cache.forget(platformId);
		log.info("platform {} is now {}", platformId, status);
		return view(platform, null);
	}

	/**
	 * The change's PLATFORM_STATUS_CHANGED, a row of its transaction (the outbox, ADR
	 * 0016).
	 */
	private void record(String platformId, PlatformStatus status, String reason, String operator, Instant at,
			@Nullable String caseId) {
		ledger.record("platform:" + platformId + ":" + UUID.randomUUID(), platformId, status, reason, operator, at,
				caseId);
	}

	private Platform require(String platformId) {
		return platforms.findById(platformId)
			.orElseThrow(() -> new Refusal(ProblemCode.PLATFORM_NOT_FOUND, "no platform " + platformId));
	}

	private static PlatformView view(Platform p, String callbackSecret) {
		PlatformCallbacks callbacks = p.callbacks();
		return new PlatformView(p.platformId(), p.name(), p.pools(), p.maxActiveBindings(), p.callbackUrl(),
				p.status().name(), p.statusReason(), p.createdAt(), p.updatedAt(), callbackSecret,
				callbacks.events().stream().sorted().toList(), callbacks.batchSize(), callbacks.batchWindowMs(),
				p.industrialId());
	}

}
