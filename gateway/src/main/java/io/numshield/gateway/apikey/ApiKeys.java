package io.numshield.gateway.apikey;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.token.Role;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Issues, lists and revokes API keys, and answers the edge's "which key is this?" from a cache that
 * holds each answer (found or not) for {@code numshield.gateway.key-cache-ttl} (default 2 s). A
 * revocation empties this instance's entry at once; every other gateway instance sees it when its
 * entry ages out, so a revoked key is refused everywhere within that TTL (the contract: 5 s).
 * A key whose stored secret does not decrypt for its key id and role (copied from another row,
 * role changed in the database) is unusable, like an unknown one, and counted in
 * {@code gateway.apikey.undecryptable}.
 */
@Service
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Map<Role, String> PREFIX = Map.of(Role.PLATFORM, "pk_", Role.CARRIER, "ck_", Role.REGULATOR,
			"rk_", Role.OPERATOR, "ok_");

	private final ApiKeyRepository repository;

	private final ApiKeySecrets secrets;

	private final Counter undecryptable;

	private final ApiKeyProperties properties;

	private final Clock clock;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	ApiKeys(ApiKeyRepository repository, ApiKeySecrets secrets, ApiKeyProperties properties, Clock clock,
			MeterRegistry meters) {
		this.repository = repository;
		this.secrets = secrets;
		this.undecryptable = meters.counter("gateway.apikey.undecryptable");
		this.properties = properties;
		this.clock = clock;
	}

	/** The usable key of this id; empty when it does not exist or is revoked. */
	public Optional<ActiveKey> find(String keyId) {
		long now = System.nanoTime();
		Cached cached = cache.get(keyId);
		if (cached != null && now - cached.loadedAt < properties.keyCacheTtl().toNanos()) {
			return cached.key;
		}
		Optional<ActiveKey> loaded = repository.findActive(keyId)
			// a CARRIER key from before pools existed serves nothing: unusable until reissued
			.filter(stored -> stored.key().role() != Role.CARRIER || !stored.key().pools().isEmpty())
			.flatMap(this::usable);
		if (cache.size() > 100_000) {
			cache.clear(); // unknown ids cannot grow memory without bound
		}
		cache.put(keyId, new Cached(loaded, now));
		return loaded;
	}

	private Optional<ActiveKey> usable(ApiKeyRepository.StoredKey stored) {
		ApiKey key = stored.key();
		try {
			return Optional.of(new ActiveKey(key.keyId(), key.role(), key.platformId(),
					secrets.open(stored.secretCiphertext(), key.keyId(), key.role()), key.ratePerSecond(), key.pools()));
		}
		catch (IllegalStateException ex) {
			undecryptable.increment();
			log.warn("API key {}: its stored secret does not decrypt for this key id and role; the key is unusable",
					key.keyId());
			return Optional.empty();
		}
	}

	/** A new key; the answer holds the secret, which is never shown again. */
	IssuedKey issue(Role role, String platformId, List<String> pools, String description, Integer ratePerSecond) {
		byte[] random = new byte[10];
		RANDOM.nextBytes(random);
		String keyId = PREFIX.get(role) + HexFormat.of().formatHex(random);
		String secret = newSecret();
		ApiKey key = new ApiKey(keyId, role, platformId, pools, description, ratePerSecond, Instant.now(clock), null);
		repository.insert(key, secrets.seal(secret, keyId, role));
		return new IssuedKey(key, secret);
	}

	/** Stores a key whose id and secret were given (the bootstrap operator key); false when the id exists. */
	boolean register(String keyId, String secret, Role role, String description) {
		ApiKey key = new ApiKey(keyId, role, null, null, description, null, Instant.now(clock), null);
		return repository.insert(key, secrets.seal(secret, keyId, role));
	}

	List<ApiKey> list() {
		return repository.findAll();
	}

	/** Revokes; false when there is no such key. Idempotent for a key revoked before. */
	boolean revoke(String keyId) {
		if (!repository.exists(keyId)) {
			return false;
		}
		repository.revoke(keyId, Instant.now(clock));
		cache.remove(keyId);
		return true;
	}

	static String newSecret() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	record IssuedKey(ApiKey key, String secret) {
	}

	private record Cached(Optional<ActiveKey> key, long loadedAt) {
	}
}
