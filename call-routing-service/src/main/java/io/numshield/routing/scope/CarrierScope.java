package io.numshield.routing.scope;

import io.numshield.core.number.VirtualNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.Role;
import io.numshield.support.security.CallerIdentity;

import io.micrometer.core.instrument.MeterRegistry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.redisson.api.RedissonClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The carrier-side rules that come before a binding is read: the dialed number must be in
 * one of the pools the carrier's key serves (else 403 OUT_OF_SCOPE, nothing read, nothing
 * recorded), and the key must have budget left for the answer (else 429 RATE_LIMITED). A
 * carrier walking the 700 segment with random callers thus learns nothing of other
 * carriers' numbers, and is stopped after {@code misses-per-second} misses (REJECT and
 * OUT_OF_SCOPE answers) of its own.
 */
@Component
@EnableConfigurationProperties(ScopeProperties.class)
public class CarrierScope {

	private final BlockPools blocks;

	private final ScopeProperties properties;

	private final MeterRegistry meters;

	/**
	 * Budgets of at most this many carrier keys each; Caffeine evicts the least used
	 * first.
	 */
	static final int MAX_KEYS = 100_000;

	private final Cache<String, Budget> connects = Caffeine.newBuilder().maximumSize(MAX_KEYS).build();

	private final Cache<String, Budget> misses = Caffeine.newBuilder().maximumSize(MAX_KEYS).build();

	CarrierScope(BlockPools blocks, ScopeProperties properties, MeterRegistry meters) {
		this.blocks = blocks;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * The same rules on the blocks under another key prefix: the warm-up's (ADR 0010),
	 * with budgets of its own.
	 */
	public CarrierScope twin(RedissonClient redisson, RedisKeys otherKeys) {
		return new CarrierScope(new BlockPools(redisson, otherKeys, properties), properties, meters);
	}

	/**
	 * Refuses a number outside the caller's pools, or a caller without budget left;
	 * counts a miss when refused.
	 */
	public void check(CallerIdentity caller, VirtualNumber number) {
		if (caller.role() != Role.CARRIER) {
			throw new Refusal(ProblemCode.FORBIDDEN, "only carriers route calls");
		}
		if (budget(misses, caller, properties.missesPerSecond()).exhausted()
				|| budget(connects, caller, properties.connectsPerSecond()).exhausted()) {
			meters.counter("routing.carrier.refused", "reason", "rate_limited").increment();
			throw new Refusal(ProblemCode.RATE_LIMITED,
					"this carrier key is over its budget of connected or missed answers per second",
					properties.coolDown());
		}
		String pool = blocks.poolOf(number.managementNumber()).orElse(null);
		if (pool == null || !caller.pools().contains(pool)) {
			missed(caller);
			meters.counter("routing.carrier.refused", "reason", "out_of_scope").increment();
			throw new Refusal(ProblemCode.OUT_OF_SCOPE, "the called number is not in a pool this carrier key serves");
		}
	}

	/**
	 * The call controls of the pool {@code number} is in ({@link CallControls#NONE} when
	 * it is in none), from the block cache {@link #check} filled: no Redis read of its
	 * own while the block is cached.
	 */
	public CallControls callControls(VirtualNumber number) {
		return blocks.callControlsOf(number.managementNumber());
	}

	/**
	 * Counts an answer: a CONNECT spends connect budget, any REJECT spends miss budget (a
	 * walker with random callers gets NO_BINDING for free numbers and CALLER_NOT_PARTY
	 * for live ones: both tell it something, so both count).
	 */
	public void answered(CallerIdentity caller, boolean connected) {
		if (connected) {
			budget(connects, caller, properties.connectsPerSecond()).spend();
		}
		else {
			missed(caller);
		}
	}

	private void missed(CallerIdentity caller) {
		budget(misses, caller, properties.missesPerSecond()).spend();
	}

	private Budget budget(Cache<String, Budget> budgets, CallerIdentity caller, int perSecond) {
		return budgets.get(caller.subject(), k -> new Budget(perSecond, properties.coolDown().toNanos()));
	}

	/**
	 * A token bucket of {@code perSecond} tokens, refilled continuously, holding at most
	 * one second's worth; once empty, it stays closed for the cool-down, so a walker is
	 * stopped, not slowed.
	 */
	static final class Budget {

		private final double perSecond;

		private final long coolDownNanos;

		private double tokens;

		private long refilledAt = System.nanoTime();

		private long closedUntil;

		Budget(int perSecond, long coolDownNanos) {
			this.perSecond = perSecond;
			this.coolDownNanos = coolDownNanos;
			this.tokens = perSecond;
		}

		synchronized boolean exhausted() {
			long now = System.nanoTime();
			if (now - closedUntil < 0) {
				return true;
			}
			refill();
			if (tokens < 1) {
				closedUntil = now + coolDownNanos;
				return true;
			}
			return false;
		}

		synchronized void spend() {
			refill();
			tokens -= 1;
		}

		private void refill() {
			long now = System.nanoTime();
			tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
			refilledAt = now;
		}

	}

}
