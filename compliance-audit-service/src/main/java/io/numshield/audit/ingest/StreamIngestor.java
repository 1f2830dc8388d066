package io.numshield.audit.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.lifecycle.PeriodicTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Reads every shard's event stream with the consumer group {@code numshield.audit.group} (created
 * at the stream's start, so nothing recorded before the service ran is missed), claims entries that
 * a stopped consumer left pending, writes each batch to the ledger in one transaction, and only then
 * acknowledges it. A crash between commit and acknowledgement redelivers entries the ledger already
 * has; it skips them by eventId.
 */
@Component
class StreamIngestor extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(StreamIngestor.class);

	private static final Set<String> COLUMNS = Set.of("v", "eventId", "type", "occurredAt", "platformId", "bindingId",
			"orderId", "virtualNumber", "parties", "partyAIndex", "partyBIndex");

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final Ledger ledger;

	private final PersonalDataProtector protector;

	private final IngestProperties properties;

	private final ObjectMapper json;

	private final Counter ingested;

	private final Counter failures;

	private final Set<Integer> grouped = ConcurrentHashMap.newKeySet();

	StreamIngestor(RedissonClient redisson, RedisKeys keys, Ledger ledger, PersonalDataProtector protector,
			IngestProperties properties, ObjectMapper json, MeterRegistry meters) {
		super("audit-ingest", properties.pollInterval());
		this.redisson = redisson;
		this.keys = keys;
		this.ledger = ledger;
		this.protector = protector;
		this.properties = properties;
		this.json = json;
		this.ingested = meters.counter("audit.ingested");
		this.failures = meters.counter("audit.ingest.failures");
	}

	@Override
	protected void runOnce() {
		ingestAll();
	}

	/** One round over every shard; answers how many new ledger rows it wrote. */
	int ingestAll() {
		int written = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			try {
				written += ingest(shard);
			}
			catch (RuntimeException ex) {
				failures.increment();
				if (String.valueOf(ex.getMessage()).contains("NOGROUP")) {
					// the group was removed (or Redis restarted empty): create it again from the start;
					// entries the ledger has already are skipped by eventId
					grouped.remove(shard.id());
				}
				log.warn("ingesting shard {} failed, will retry: {}", shard.tag(), ex.toString());
			}
		}
		return written;
	}

	private int ingest(VirtualShard shard) {
		RStream<String, String> stream = redisson.getStream(keys.events(shard), StringCodec.INSTANCE);
		if (grouped.add(shard.id())) {
			try {
				stream.createGroup(StreamCreateGroupArgs.name(properties.group()).id(StreamMessageId.ALL).makeStream());
			}
			catch (RedisException ex) {
				if (ex.getMessage() == null || !ex.getMessage().contains("BUSYGROUP")) {
					grouped.remove(shard.id());
					throw ex;
				}
			}
		}
		Map<StreamMessageId, Map<String, String>> batch = new LinkedHashMap<>(stream
			.autoClaim(properties.group(), properties.consumer(), properties.claimIdle().toMillis(), TimeUnit.MILLISECONDS,
					new StreamMessageId(0, 0), properties.batch())
			.getMessages());
		batch.putAll(stream.readGroup(properties.group(), properties.consumer(),
				StreamReadGroupArgs.neverDelivered().count(properties.batch())));
		if (batch.isEmpty()) {
			return 0;
		}
		List<LedgerEntry> entries = new ArrayList<>(batch.size());
		batch.values().forEach(fields -> entries.add(entry(fields)));
		int written = ledger.append(entries);
		stream.ack(properties.group(), batch.keySet().toArray(StreamMessageId[]::new));
		ingested.increment(written);
		return written;
	}

	private LedgerEntry entry(Map<String, String> f) {
		String partyA = null;
		String partyB = null;
		String parties = blankToNull(f.get("parties"));
		if (parties != null) {
			List<RealNumber> numbers = protector.decryptParties(parties);
			partyA = numbers.get(0).masked();
			partyB = numbers.size() > 1 ? numbers.get(1).masked() : null;
		}
		Map<String, String> details = new TreeMap<>();
		f.forEach((k, v) -> {
			if (!COLUMNS.contains(k)) {
				details.put(k, v);
			}
		});
		return new LedgerEntry(f.get("eventId"), f.get("type"), Instant.ofEpochMilli(Long.parseLong(f.get("occurredAt"))),
				blankToNull(f.get("platformId")), blankToNull(f.get("bindingId")), blankToNull(f.get("orderId")),
				blankToNull(f.get("virtualNumber")), partyA, partyB, blankToNull(f.get("partyAIndex")),
				blankToNull(f.get("partyBIndex")), parties, json.writeValueAsString(details));
	}

	private static String blankToNull(String value) {
		return value == null || value.isEmpty() ? null : value;
	}
}
