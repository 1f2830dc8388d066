package io.numshield.gateway.apikey;

import io.numshield.core.event.EventType;
import io.numshield.core.token.Role;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues, approves, lists and revokes API keys (each change also an entry in the audit
 * ledger, {@link ApiKeyLedger}), and answers the edge's "which key is this?" from a cache
 * that holds each answer (found or not) for {@code numshield.gateway.key-cache-ttl}
 * (default 2 s). A revocation empties this instance's entry at once; every other gateway
 * instance sees it when its entry ages out, so a revoked key is refused everywhere within
 * that TTL (the contract: 5 s). A key whose stored secret does not decrypt for its key id
 * and role (copied from another row, role changed in the database) is unusable, like an
 * unknown one, and counted in {@code gateway.apikey.undecryptable}.
 */
@Service
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Who issued a bootstrap key, in its ledger entry. */
	static final String BOOTSTRAP = "bootstrap";

	private static final Map<Role, String> PREFIX = Map.of(Role.PLATFORM, "pk_", Role.CARRIER, "ck_", Role.REGULATOR,
			"rk_", Role.OPERATOR, "ok_");

	private final ApiKeyRepository repository;

	private final ApiKeySecrets secrets;

	private final Counter undecryptable;

	private final ApiKeyProperties properties;

	private final Clock clock;

	static final int MAX_CACHED = 100_000;

	/**
	 * Each answer (found or not) for {@code key-cache-ttl}; unknown ids cannot grow it
	 * past {@value #MAX_CACHED}.
	 */
	private final Cache<String, Optional<ActiveKey>> cache;

	private final ApiKeyLedger ledger;

	private final TransactionTemplate transactions;

	ApiKeys(ApiKeyRepository repository, ApiKeySecrets secrets, ApiKeyProperties properties, Clock clock,
			MeterRegistry meters, ApiKeyLedger ledger, PlatformTransactionManager transactionManager) {
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.repository = repository;
		this.secrets = secrets;
		this.undecryptable = meters.counter("gateway.apikey.undecryptable");
		this.properties = properties;
		this.clock = clock;
		this.cache = Caffeine.newBuilder().expireAfterWrite(properties.keyCacheTtl()).maximumSize(MAX_CACHED).build();
	}

	/**
	 * The usable key of this id; empty when it does not exist, waits for approval, or is
	 * revoked.
	 */
	public Optional<ActiveKey> find(String keyId) {
		Optional<ActiveKey> cached = cache.getIfPresent(keyId);
		if (cached != null) {
			return cached;
		}
		Optional<ActiveKey> loaded = repository.findActive(keyId)
			// a CARRIER key from before pools existed serves nothing: unusable until
			// reissued
			.filter(stored -> stored.key().role() != Role.CARRIER || !stored.key().pools().isEmpty())
			.flatMap(this::usable);
		cache.put(keyId, loaded);
		return loaded;
	}

	private Optional<ActiveKey> usable(ApiKeyRepository.StoredKey stored) {
		ApiKey key = stored.key();
		try {
			return Optional.of(new ActiveKey(key.keyId(), key.role(), key.platformId(),
					secrets.open(stored.secretCiphertext(), key.keyId(), key.role()), key.ratePerSecond(),
					key.pools()));
		}
		catch (IllegalStateException ex) {
			undecryptable.increment();
			log.warn("API key {}: its stored secret does not decrypt for this key id and role; the key is unusable",
					key.keyId());
			return Optional.empty();
		}
	}

	/**
	 * A new key issued by the operator key {@code issuedBy}; the answer holds the secret,
	 * which is never shown again. An OPERATOR or REGULATOR key starts PENDING_APPROVAL
	 * until a second operator approves it ({@link #approve}) within
	 * {@code numshield.gateway.pending-approval}.
	 */
	IssuedKey issue(Role role, String platformId, List<String> pools, String description, Integer ratePerSecond,
			String issuedBy) {
		byte[] random = new byte[10];
		RANDOM.nextBytes(random);
		String keyId = PREFIX.get(role) + HexFormat.of().formatHex(random);
		String secret = newSecret();
		Instant now = Instant.now(clock);
		boolean pending = ApiKey.needsApproval(role);
		ApiKey key = new ApiKey(keyId, role, platformId, pools, description, ratePerSecond, now, null,
				pending ? ApiKey.Status.PENDING_APPROVAL : ApiKey.Status.ACTIVE, issuedBy,
				pending ? now.plus(properties.pendingApproval()) : null, null, null);
		transactions.executeWithoutResult(tx -> {
			repository.insert(key, secrets.seal(secret, keyId, role));
			ledger.record(EventType.API_KEY_ISSUED, key, key.stored(), issuedBy, now);
		});
		return new IssuedKey(key, secret);
	}

	/**
	 * Stores a key whose id and secret were given (a bootstrap operator key), ACTIVE;
	 * false when the id exists.
	 */
	boolean register(String keyId, String secret, Role role, String description) {
		Instant now = Instant.now(clock);
		ApiKey key = new ApiKey(keyId, role, null, null, description, null, now, null, ApiKey.Status.ACTIVE, null, null,
				null, null);
		return Boolean.TRUE.equals(transactions.execute(tx -> {
			boolean stored = repository.insert(key, secrets.seal(secret, keyId, role));
			if (stored) {
				ledger.record(EventType.API_KEY_ISSUED, key, ApiKey.Status.ACTIVE, BOOTSTRAP, now);
			}
			return stored;
		}));
	}

	/**
	 * The second operator's approval of a pending key, by the operator key
	 * {@code approver}.
	 */
	Approval approve(String keyId, String approver) {
		Instant now = Instant.now(clock);
		Approval outcome = transactions.execute(tx -> {
			Optional<ApiKey> found = repository.find(keyId);
			if (found.isEmpty()) {
				return new Approval(Approval.Outcome.NOT_FOUND, null);
			}
			ApiKey key = found.get();
			if (approver.equals(key.keyId()) || approver.equals(key.issuedBy())) {
				return new Approval(Approval.Outcome.SAME_OPERATOR, key);
			}
			if (key.status(now) != ApiKey.Status.PENDING_APPROVAL || !repository.approve(keyId, approver, now)) {
				return new Approval(Approval.Outcome.NOT_PENDING, repository.find(keyId).orElse(key));
			}
			ApiKey approved = repository.find(keyId).orElseThrow();
			ledger.record(EventType.API_KEY_APPROVED, approved, ApiKey.Status.ACTIVE, approver, now);
			return new Approval(Approval.Outcome.APPROVED, approved);
		});
		if (outcome.outcome() == Approval.Outcome.APPROVED) {
			cache.invalidate(keyId); // a try with the pending key may have cached
										// "unknown"
		}
		return outcome;
	}

	List<ApiKey> list() {
		return repository.findAll();
	}

	/**
	 * Revokes (a pending key too), by the operator key {@code by}; false when there is no
	 * such key. Idempotent.
	 */
	boolean revoke(String keyId, String by) {
		Instant now = Instant.now(clock);
		Boolean found = transactions.execute(tx -> {
			Optional<ApiKey> key = repository.find(keyId);
			if (key.isEmpty()) {
				return false;
			}
			if (repository.revoke(keyId, now)) {
				ledger.record(EventType.API_KEY_REVOKED, key.get(), ApiKey.Status.REVOKED, by, now);
			}
			return true;
		});
		cache.invalidate(keyId);
		return Boolean.TRUE.equals(found);
	}

	/**
	 * How an approval went; {@code key} as it stands afterwards ({@code null} when not
	 * found).
	 */
	record Approval(Outcome outcome, ApiKey key) {

		enum Outcome {

			APPROVED, NOT_FOUND, SAME_OPERATOR, NOT_PENDING

		}
	}

	Instant now() {
		return Instant.now(clock);
	}

	static String newSecret() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	record IssuedKey(ApiKey key, String secret) {
	}

}
