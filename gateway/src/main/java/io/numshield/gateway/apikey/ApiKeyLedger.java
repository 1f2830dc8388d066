package io.numshield.gateway.apikey;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.event.EventType;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts every issue, approval and revocation of a key into the audit ledger: an
 * {@code API_KEY_*} entry on the lease stream of shard
 * {@code VirtualShard.forKey(keyId)}, which compliance-audit-service ingests. Written
 * after the PostgreSQL commit (a rolled-back change writes nothing); the entry names the
 * key, its role and platform and who acted, never the secret (docs/events.md).
 */
@Component
class ApiKeyLedger {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyLedger.class);

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final Counter failures;

	ApiKeyLedger(RedissonClient redisson, RedisKeys keys, MeterRegistry meters) {
		this.redisson = redisson;
		this.keys = keys;
		this.failures = meters.counter("gateway.apikey.ledger.failures");
	}

	/**
	 * Records a change of this key by {@code by} (an operator's key id, or
	 * {@code bootstrap}); inside a transaction, once it has committed.
	 */
	void record(EventType type, ApiKey key, ApiKey.Status status, String by, Instant at) {
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("v", "1");
		entry.put("eventId", "apikey:" + key.keyId() + ":" + switch (type) {
			case API_KEY_ISSUED -> "issued";
			case API_KEY_APPROVED -> "approved";
			case API_KEY_REVOKED -> "revoked";
			default -> throw new IllegalArgumentException("not an API-key event: " + type);
		});
		entry.put("type", type.name());
		entry.put("occurredAt", Long.toString(at.toEpochMilli()));
		entry.put("platformId", key.platformId() == null ? "" : key.platformId());
		entry.put("keyId", key.keyId());
		entry.put("role", key.role().name());
		entry.put("status", status.name());
		entry.put("by", by);
		if (type == EventType.API_KEY_ISSUED && key.pendingUntil() != null) {
			entry.put("pendingUntil", Long.toString(key.pendingUntil().toEpochMilli()));
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					write(entry);
				}
			});
		}
		else {
			write(entry);
		}
	}

	private void write(Map<String, String> entry) {
		try {
			redisson
				.<String, String>getStream(keys.events(VirtualShard.forKey(entry.get("keyId"))), StringCodec.INSTANCE)
				.add(StreamAddArgs.entries(entry));
		}
		catch (RuntimeException ex) {
			// the change is committed; its ledger entry is missing: loud, and counted
			failures.increment();
			log.error("{} of key {} committed but not written to the audit stream: {}", entry.get("type"),
					entry.get("keyId"), ex.toString());
		}
	}

}
