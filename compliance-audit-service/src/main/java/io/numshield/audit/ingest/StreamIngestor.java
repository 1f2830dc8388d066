package io.numshield.audit.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StreamReadOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.FreeText;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.support.lifecycle.PeriodicTask;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Reads both audit streams of every shard (lease events {@code <prefix>{NN}:ev}, call
 * events {@code <prefix>{NN}:calls}) with the consumer group
 * {@code numshield.audit.group} (created at the stream's start, so nothing recorded
 * before the service ran is missed), claims entries that a stopped consumer left pending,
 * writes each round to the ledger in one transaction, and only then acknowledges it. A
 * crash between commit and acknowledgement redelivers entries the ledger already has; it
 * skips them by eventId.
 * <p>
 * A round is three pipelined exchanges with Redis whatever the shard count (read all 128
 * streams, commit, acknowledge all), on one of the Lettuce connections of
 * {@link ScriptConnection} (ADR 0009: Redisson re-scanned a partly received reply of 200
 * entries from its start as more bytes arrived, Lettuce decodes it incrementally). On a
 * single Redis one XREADGROUP reads every stream and one {@code ack.lua} acknowledges
 * them (XACK names one stream); on Redis Cluster, where a command's keys must share one
 * hash slot, one of each per shard covers its two streams ({@link ReadGroups}). Rounds
 * follow each other without a pause while there is work: the pause applies only when a
 * round found nothing. While a round that found work writes to the ledger, the next
 * round's read is already on its way, so that Redis and the decoding of its reply overlap
 * the database's part instead of adding to every round's time (the lag).
 * <p>
 * An entry the ledger can never take (its parties do not decrypt with any known key, a
 * field does not parse, a value does not fit a column) is moved whole to the dead-letter
 * stream {@code <prefix>audit:dead}, with its stream, id and the reason, before it is
 * acknowledged: it is kept for an operator and does not stop every later entry. A
 * database that is away is not such a case: the round fails and is retried, and nothing
 * is acknowledged.
 */
@Component
class StreamIngestor extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(StreamIngestor.class);

	/**
	 * Stream fields that have a column of their own; every other field goes into
	 * {@code details}. {@code number} is the masked number of an entry about one person
	 * that has no parties (a blocklist change): it goes to {@code party_a}, next to its
	 * blind index in {@code party_a_index}.
	 */
	private static final Set<String> COLUMNS = Set.of("v", "eventId", "type", "occurredAt", "platformId", "bindingId",
			"orderId", "virtualNumber", "parties", "partyAIndex", "partyBIndex", "number");

	/**
	 * Rounds run back to back while they find work, at most this many before the task
	 * yields.
	 */
	private static final int ROUNDS_PER_TURN = 200;

	private final ScriptConnection redis;

	private final Consumer<String> consumer;

	private final Ledger ledger;

	private final PersonalDataProtector protector;

	private final IngestProperties properties;

	private final ObjectMapper json;

	private final Clock clock;

	private final Counter ingested;

	private final Counter failures;

	private final Counter deadLettered;

	private final String deadLetters;

	/** Every stream read: per shard its lease stream, then its call stream. */
	private final List<String> streams;

	/**
	 * Which streams each XREADGROUP of a round reads: all at once, or on Redis Cluster a
	 * shard's two.
	 */
	private final ReadGroups reads;

	/** The round's acknowledgements, grouped as the reads. */
	private final StreamAcks acks;

	private volatile boolean grouped;

	private volatile Instant nextClaim = Instant.EPOCH;

	/**
	 * The next round's read, started while the previous round wrote (only the task's
	 * thread touches it). A round that fails keeps it: its entries are delivered to this
	 * consumer and pending, and are written by the next round like any other.
	 */
	private Read next;

	StreamIngestor(ScriptConnection redis, RedisKeys keys, Ledger ledger, PersonalDataProtector protector,
			IngestProperties properties, ObjectMapper json, Clock clock, MeterRegistry meters) {
		super("audit-ingest", properties.pollInterval());
		this.redis = redis;
		this.consumer = Consumer.from(properties.group(), properties.consumer());
		List<List<String>> byShard = new ArrayList<>();
		VirtualShard.all().forEach(shard -> byShard.add(keys.auditStreams(shard)));
		this.reads = ReadGroups.of(byShard, redis.cluster());
		this.streams = reads.streams();
		this.acks = new StreamAcks(redis, properties.group());
		this.ledger = ledger;
		this.protector = protector;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.ingested = meters.counter("audit.ingested");
		this.failures = meters.counter("audit.ingest.failures");
		this.deadLettered = meters.counter("audit.ingest.dead_lettered");
		this.deadLetters = keys.auditDeadLetters();
		meters.gauge("audit.ingest.dead_letters", this, StreamIngestor::deadLetterCount);
	}

	@Override
	protected void runOnce() {
		for (int i = 0; i < ROUNDS_PER_TURN && ingestAll() > 0; i++) {
			// keep going while there is work
		}
	}

	/**
	 * One round over every shard; answers how many entries it read (new or already
	 * known).
	 */
	int ingestAll() {
		try {
			return round();
		}
		catch (RuntimeException ex) {
			failures.increment();
			if (String.valueOf(ex.getMessage()).contains("NOGROUP")
					|| String.valueOf(ex.getCause()).contains("NOGROUP")) {
				// a group was removed (or Redis restarted empty): create them again from
				// the start;
				// entries the ledger has already are skipped by eventId
				grouped = false;
			}
			log.warn("ingesting failed, will retry: {}", ex.toString());
			return 0;
		}
	}

	private int round() {
		if (!grouped) {
			createGroups();
		}
		// entries a stopped consumer left pending: looked for now and then, not every
		// round (one
		// XAUTOCLAIM per stream, pipelined)
		Map<String, List<StreamMessage<String, String>>> claimed = new HashMap<>();
		if (!clock.instant().isBefore(nextClaim)) {
			RedisStreamAsyncCommands<String, String> commands = redis.streams();
			XAutoClaimArgs<String> args = XAutoClaimArgs.Builder.xautoclaim(consumer, properties.claimIdle(), "0-0")
				.count(properties.batch());
			Map<String, CompletableFuture<List<StreamMessage<String, String>>>> found = new LinkedHashMap<>();
			for (String key : streams) {
				found.put(key, commands.xautoclaim(key, args).toCompletableFuture().thenApply(c -> c.getMessages()));
			}
			found.forEach((key, messages) -> {
				List<StreamMessage<String, String>> list = messages.join();
				if (!list.isEmpty()) {
					claimed.put(key, list);
				}
			});
			nextClaim = clock.instant().plus(properties.claimIdle().dividedBy(2));
		}
		boolean early = next != null;
		Read read = early ? next : read();
		next = null;
		Map<String, List<StreamMessage<String, String>>> fresh = read.join();
		if (early && fresh.isEmpty() && claimed.isEmpty()) {
			// the read sent before the last round's write was answered at once, before
			// most of what arrived during that write: read again now rather than pause as
			// if the streams were idle
			fresh = read().join();
		}
		List<LedgerEntry> entries = new ArrayList<>();
		List<Source> sources = new ArrayList<>();
		List<DeadLetter> dead = new ArrayList<>();
		Set<String> late = new HashSet<>();
		claimed.values().forEach(found -> found.forEach(message -> late.add(message.getBody().get("eventId"))));
		Map<String, List<String>> taken = new LinkedHashMap<>();
		for (String key : streams) {
			// per stream in stream order: claimed (older) entries first, so a binding's
			// events stay in order
			Map<String, Map<String, String>> batch = new LinkedHashMap<>();
			claimed.getOrDefault(key, List.of()).forEach(message -> batch.put(message.getId(), message.getBody()));
			fresh.getOrDefault(key, List.of())
				.forEach(message -> batch.putIfAbsent(message.getId(), message.getBody()));
			if (!batch.isEmpty()) {
				batch.forEach((id, fields) -> {
					try {
						entries.add(entry(fields));
						sources.add(new Source(key, id, fields));
					}
					catch (RuntimeException unreadable) {
						dead.add(new DeadLetter(new Source(key, id, fields), unreadable));
					}
				});
				taken.put(key, new ArrayList<>(batch.keySet()));
			}
		}
		if (taken.isEmpty()) {
			return 0;
		}
		// the streams had work: the next round's entries are read (and decoded on
		// Lettuce's I/O threads) while this round is written; only entries never
		// delivered, so none is read twice
		next = read();
		int written = write(entries, sources, late, dead);
		if (!dead.isEmpty()) {
			keep(dead);
		}
		acks.acknowledge(reads, taken);
		ingested.increment(written);
		return taken.values().stream().mapToInt(List::size).sum();
	}

	/**
	 * Starts reading up to a batch of never-delivered entries from every stream: one
	 * XREADGROUP per group of {@link #reads} (every stream at once on a single Redis, a
	 * shard's two on Redis Cluster), {@code COUNT} applying to each stream, all written
	 * on one connection in one flush. When the rounds are small (a steady rate), a
	 * command per stream cost the JVM more than the entries it brought: most of them came
	 * back empty.
	 */
	private Read read() {
		List<AsyncCommand<String, String, List<StreamMessage<String, String>>>> replies = new ArrayList<>(
				reads.groups().size());
		for (List<String> group : reads.groups()) {
			CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("GROUP")
				.add(properties.group())
				.add(properties.consumer())
				.add("COUNT")
				.add(properties.batch())
				.add("STREAMS");
			group.forEach(args::addKey);
			group.forEach(key -> args.add(">"));
			replies.add(new AsyncCommand<>(
					new Command<>(CommandType.XREADGROUP, new StreamReadOutput<>(StringCodec.UTF8), args)));
		}
		redis.pipeline(replies);
		return new Read(replies);
	}

	/**
	 * A read in flight: once its replies are in, the entries of each stream that had any
	 * (a reply names only those; an empty read is a null reply).
	 */
	private record Read(List<AsyncCommand<String, String, List<StreamMessage<String, String>>>> replies) {

		Map<String, List<StreamMessage<String, String>>> join() {
			Map<String, List<StreamMessage<String, String>>> byStream = new HashMap<>();
			for (AsyncCommand<String, String, List<StreamMessage<String, String>>> reply : replies) {
				List<StreamMessage<String, String>> messages = reply.join();
				if (messages != null) {
					messages.forEach(message -> byStream.computeIfAbsent(message.getStream(), key -> new ArrayList<>())
						.add(message));
				}
			}
			return byStream;
		}
	}

	/**
	 * Writes the round in one transaction; if the database refuses the data (not the
	 * connection), entry by entry, so that only the entries it refuses become dead
	 * letters.
	 */
	private int write(List<LedgerEntry> entries, List<Source> sources, Set<String> late, List<DeadLetter> dead) {
		if (entries.isEmpty()) {
			return 0;
		}
		try {
			return ledger.append(entries, late);
		}
		catch (RuntimeException failed) {
			if (!refusesData(failed)) {
				throw failed;
			}
			int written = 0;
			for (int i = 0; i < entries.size(); i++) {
				try {
					written += ledger.append(List.of(entries.get(i)), late);
				}
				catch (RuntimeException one) {
					if (!refusesData(one)) {
						throw one;
					}
					dead.add(new DeadLetter(sources.get(i), one));
				}
			}
			return written;
		}
	}

	/**
	 * The database refused what it was given (a value too long, a byte it cannot store),
	 * or the ledger's own code could not make sense of an entry: retrying the same entry
	 * cannot help. A connection or transaction failure is none of these.
	 */
	private static boolean refusesData(RuntimeException ex) {
		return ex instanceof DataIntegrityViolationException || ex instanceof IllegalArgumentException
				|| ex instanceof IllegalStateException || ex instanceof DateTimeException
				|| ex instanceof ArithmeticException;
	}

	/**
	 * Moves entries the ledger cannot take to the dead-letter stream; only then are they
	 * acknowledged.
	 */
	private void keep(List<DeadLetter> dead) {
		RedisStreamAsyncCommands<String, String> commands = redis.streams();
		List<CompletableFuture<String>> added = new ArrayList<>(dead.size());
		for (DeadLetter letter : dead) {
			Map<String, String> fields = new LinkedHashMap<>(letter.source().fields());
			fields.put("deadStream", letter.source().stream());
			fields.put("deadId", letter.source().id());
			fields.put("deadReason", letter.reason());
			fields.put("deadAt", Long.toString(clock.millis()));
			added.add(commands.xadd(deadLetters, fields).toCompletableFuture());
		}
		CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).join();
		deadLettered.increment(dead.size());
		for (DeadLetter letter : dead) {
			log.error(
					"audit entry {} of {} (eventId {}) cannot go into the ledger: {}; kept in {} for an operator "
							+ "(docs/services/compliance-audit-service.md, \"Dead letters\")",
					letter.source().id(), letter.source().stream(), letter.source().fields().get("eventId"),
					letter.reason(), deadLetters);
		}
	}

	private double deadLetterCount() {
		try {
			return redis.streams().xlen(deadLetters).toCompletableFuture().join();
		}
		catch (RuntimeException unavailable) {
			return Double.NaN;
		}
	}

	/** Where an entry was read. */
	private record Source(String stream, String id, Map<String, String> fields) {
	}

	/** An entry the ledger cannot take, and why in words that hold no number. */
	private record DeadLetter(Source source, String reason) {

		DeadLetter(Source source, RuntimeException why) {
			this(source, reasonOf(why));
		}

		private static String reasonOf(RuntimeException why) {
			String message = why instanceof DataAccessException data ? data.getMostSpecificCause().getMessage()
					: why.getMessage();
			String text = why.getClass().getSimpleName() + ": " + message;
			text = FreeText.masked(text.length() > 300 ? text.substring(0, 300) : text);
			return text;
		}
	}

	private void createGroups() {
		RedisStreamAsyncCommands<String, String> commands = redis.streams();
		List<CompletableFuture<String>> created = new ArrayList<>(streams.size());
		for (String key : streams) {
			created.add(commands
				.xgroupCreate(StreamOffset.from(key, "0-0"), properties.group(), XGroupCreateArgs.Builder.mkstream())
				.toCompletableFuture());
		}
		for (CompletableFuture<String> each : created) {
			try {
				each.join();
			}
			catch (CompletionException ex) {
				if (!String.valueOf(ex.getCause()).contains("BUSYGROUP")) {
					throw ex;
				}
			}
		}
		grouped = true;
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
		else {
			// masked by its writer already; masked again so that a careless writer cannot
			// put a number in the ledger
			partyA = FreeText.masked(blankToNull(f.get("number")));
		}
		Map<String, String> details = new TreeMap<>();
		f.forEach((k, v) -> {
			if (!COLUMNS.contains(k)) {
				details.put(k, v);
			}
		});
		return new LedgerEntry(f.get("eventId"), f.get("type"),
				Instant.ofEpochMilli(Long.parseLong(f.get("occurredAt"))), blankToNull(f.get("platformId")),
				blankToNull(f.get("bindingId")), blankToNull(f.get("orderId")), blankToNull(f.get("virtualNumber")),
				partyA, partyB, blankToNull(f.get("partyAIndex")), blankToNull(f.get("partyBIndex")), parties,
				json.writeValueAsString(details));
	}

	private static String blankToNull(String value) {
		return value == null || value.isEmpty() ? null : value;
	}

}
