package io.numshield.audit.signal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.audit.signal.SignalProperties.Rule;
import io.numshield.core.event.EventType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Detects the {@link SignalKind}s over the ledger's rows since its last run
 * ({@code signal_cursor}), in batches of {@code numshield.audit.signals.batch} rows, each
 * batch one transaction. The new rows only say which subjects and windows to look at (the
 * parties of new bindings, the callers, platforms and numbers of new call entries); each
 * count is then one set-based query over that subject's window in the projections the
 * ledger keeps in step with itself ({@code holding}, {@code call_record}), so a run costs
 * the rows it reads and the windows they touch, never a scan of the ledger.
 * <p>
 * Windows are tumbling, aligned to the epoch (UTC): a subject is raised at most once per
 * kind and window ({@code signal_once}), however often later rows touch it again. Each
 * new hit is a {@code SIGNAL_RAISED} ledger entry (through {@link Ledger}, like an ACCESS
 * entry) and a {@code signal} row naming that entry's seq, in the batch's transaction,
 * and after the commit a count and a push to the regulators' webhook.
 * <p>
 * One runner at a time across instances: each batch takes a PostgreSQL advisory lock (the
 * scheduled run skips when another holds it) and reads the cursor under it.
 * <p>
 * Detection can wait; ingestion cannot. A scheduled run stops between batches while this
 * instance's ingestion is behind ({@link Ledger#behind}: entries written more than
 * {@code yield-above} after they occurred), and takes up again at the next interval,
 * unless the oldest row it has not read is older than {@code max-delay}. The run's log
 * line says how long each kind took. The platform rate, which counts every call of a
 * touched window, is rated once per run over all the rows its batches read (a cursor of
 * its own), not once per batch.
 */
@Component
public class SignalDetector {

	/** The advisory lock of detection (the ledger's own chain lock is 700_700_700). */
	static final long LOCK = 700_700_716L;

	static final String CURSOR = "signals";

	/** The platform rate's own cursor: it is rated once per run, not per batch. */
	static final String RATE_CURSOR = "signals:platform-rate";

	/** Refusals that mean "no party here": what a scanner collects. */
	static final String[] SCANNING_REASONS = { "CALLER_NOT_PARTY", "NO_BINDING", "NOT_GROUP_MEMBER",
			"CALL_RATE_EXCEEDED" };

	private static final String EPOCH = "timestamptz '1970-01-01 00:00:00+00'";

	private static final int EVIDENCE = 50;

	private static final TypeReference<Map<String, Object>> EVIDENCE_FIELDS = new TypeReference<>() {
	};

	private static final Logger log = LoggerFactory.getLogger(SignalDetector.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Ledger ledger;

	private final Clock clock;

	private final ObjectMapper json;

	private final SignalProperties properties;

	private final SignalWebhook webhook;

	private final Map<SignalKind, Counter> raised = new EnumMap<>(SignalKind.class);

	private final Counter rows;

	SignalDetector(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Ledger ledger, Clock clock,
			ObjectMapper json, SignalProperties properties, SignalWebhook webhook, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.ledger = ledger;
		this.clock = clock;
		this.json = json;
		this.properties = properties;
		this.webhook = webhook;
		for (SignalKind kind : SignalKind.values()) {
			raised.put(kind,
					Counter.builder("numshield.audit.signals.raised")
						.description("fraud signals raised (each a SIGNAL_RAISED ledger entry)")
						.tag("kind", kind.name())
						.register(meters));
		}
		this.rows = Counter.builder("numshield.audit.signals.rows")
			.description("ledger rows the signal detector has read")
			.register(meters);
	}

	/** What one run did: the ledger rows it read and the signals it raised. */
	public record Run(long rows, List<Signal> raised) {
	}

	/**
	 * Runs until the detector has caught up with the ledger, waiting for another
	 * instance's run to finish first.
	 */
	public Run detect() {
		return run(true);
	}

	/** As {@link #detect()}, but does nothing while another instance runs. */
	Run detectIfFree() {
		return run(false);
	}

	private Run run(boolean wait) {
		long started = System.nanoTime();
		long read = 0;
		List<Signal> all = new ArrayList<>();
		Map<SignalKind, Long> spent = new EnumMap<>(SignalKind.class);
		long yieldedAt = -1;
		while (true) {
			if (!wait && ledger.behind(properties.yieldAbove()) && !overdue()) {
				yieldedAt = ledger.lastLag();
				break;
			}
			Batch batch = transactions.execute(status -> batch(wait, spent));
			if (batch == null) {
				break;
			}
			read += batch.rows();
			rows.increment(batch.rows());
			publish(batch.raised(), all);
			if (!batch.more()) {
				break;
			}
		}
		if (yieldedAt < 0 && properties.platformRefusalRate().enabled()) {
			List<Signal> rated = transactions.execute(status -> rates(wait, spent));
			if (rated != null) {
				publish(rated, all);
			}
		}
		if (read > 0) {
			Map<SignalKind, Long> ms = new EnumMap<>(SignalKind.class);
			spent.forEach((kind, nanos) -> ms.put(kind, nanos / 1_000_000));
			log.info("signal detection: {} ledger rows read in {} ms (per kind, ms: {}), {} signals raised", read,
					(System.nanoTime() - started) / 1_000_000, ms, all.size());
		}
		if (yieldedAt >= 0) {
			log.info(
					"signal detection yields to ingestion (audit lag {} ms, above {}) after {} rows; "
							+ "it takes up again in {}",
					yieldedAt, properties.yieldAbove(), read, properties.interval());
		}
		return new Run(read, all);
	}

	private void publish(List<Signal> signals, List<Signal> all) {
		for (Signal s : signals) {
			raised.get(s.kind()).increment();
			log.info("signal {} raised: {} {} in [{}, {})", s.signalId(), s.kind(), s.subjectType(), s.windowFrom(),
					s.windowTo());
		}
		all.addAll(signals);
		webhook.push(signals);
	}

	/**
	 * Whether the oldest ledger row the detector has not read was recorded more than
	 * {@code max-delay} ago: detection has yielded long enough.
	 */
	private boolean overdue() {
		List<Timestamp> next = jdbc.queryForList(
				"SELECT recorded_at FROM ledger WHERE seq > (SELECT coalesce(max("
						+ "last_seq), 0) FROM signal_cursor WHERE detector = ?) ORDER BY seq LIMIT 1",
				Timestamp.class, CURSOR);
		return !next.isEmpty() && next.get(0).toInstant().isBefore(clock.instant().minus(properties.maxDelay()));
	}

	private record Batch(long rows, List<Signal> raised, boolean more) {
	}

	private @Nullable Batch batch(boolean wait, Map<SignalKind, Long> spent) {
		if (!lock(wait)) {
			return null;
		}
		long from = cursor(CURSOR, 0);
		// the platform rate's cursor starts where the batches' stood (a ledger older than
		// it
		// is not rated again)
		cursor(RATE_CURSOR, from);
		List<Long> head = jdbc.queryForList("SELECT seq FROM ledger ORDER BY seq DESC LIMIT 1", Long.class);
		long top = head.isEmpty() ? 0 : head.get(0);
		long to = Math.min(top, from + properties.batch());
		if (to <= from) {
			return new Batch(0, List.of(), false);
		}
		List<Hit> hits = new ArrayList<>();
		detect(SignalKind.PARTY_MANY_PLATFORMS, properties.partyManyPlatforms(), hits, spent,
				() -> partyManyPlatforms(from, to, properties.partyManyPlatforms()));
		detect(SignalKind.A_MANY_CUSTOMERS, properties.aManyCustomers(), hits, spent,
				() -> aManyCustomers(from, to, properties.aManyCustomers()));
		detect(SignalKind.CALLER_SCANNING, properties.callerScanning(), hits, spent,
				() -> callerScanning(from, to, properties.callerScanning()));
		detect(SignalKind.NUMBER_RECYCLED_CALLED, properties.numberRecycledCalled(), hits, spent,
				() -> numberRecycledCalled(from, to, properties.numberRecycledCalled()));
		List<Signal> stored = store(hits);
		jdbc.update("UPDATE signal_cursor SET last_seq = ?, updated_at = now() WHERE detector = ?", to, CURSOR);
		return new Batch(to - from, stored, to < top);
	}

	/**
	 * The platform rate over every row the batches have read since its own cursor, once
	 * per run: it counts every call of each touched window (the peers' median needs them
	 * all), so per batch its cost would grow with the window's traffic times the batches.
	 */
	private @Nullable List<Signal> rates(boolean wait, Map<SignalKind, Long> spent) {
		if (!lock(wait)) {
			return null;
		}
		long read = cursor(CURSOR, 0);
		long from = cursor(RATE_CURSOR, read);
		if (read <= from) {
			return List.of();
		}
		List<Hit> hits = new ArrayList<>();
		detect(SignalKind.PLATFORM_REFUSAL_RATE, properties.platformRefusalRate(), hits, spent,
				() -> platformRefusalRate(from, read, properties.platformRefusalRate()));
		List<Signal> stored = store(hits);
		jdbc.update("UPDATE signal_cursor SET last_seq = ?, updated_at = now() WHERE detector = ?", read, RATE_CURSOR);
		return stored;
	}

	/** Takes detection's advisory lock for the transaction; false: another holds it. */
	private boolean lock(boolean wait) {
		if (wait) {
			jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK);
			return true;
		}
		return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK));
	}

	/** A cursor's position, locked for the transaction; made at {@code start} if new. */
	private long cursor(String detector, long start) {
		jdbc.update("INSERT INTO signal_cursor (detector, last_seq, updated_at) VALUES (?, ?, now()) "
				+ "ON CONFLICT DO NOTHING", detector, start);
		Long last = jdbc.queryForObject("SELECT last_seq FROM signal_cursor WHERE detector = ? FOR UPDATE", Long.class,
				detector);
		return last == null ? 0 : last;
	}

	/** One kind over a batch, if enabled, its time added to {@code spent}. */
	private static void detect(SignalKind kind, Rule rule, List<Hit> hits, Map<SignalKind, Long> spent,
			Supplier<List<Hit>> query) {
		if (!rule.enabled()) {
			return;
		}
		long started = System.nanoTime();
		hits.addAll(query.get());
		spent.merge(kind, System.nanoTime() - started, Long::sum);
	}

	/** A hit before it is stored: its figures and the words of its explanation. */
	private record Hit(SignalKind kind, Instant windowFrom, Instant windowTo, String subject,
			@Nullable String subjectMasked, BigDecimal observed, @Nullable BigDecimal baseline, BigDecimal threshold,
			String explanation, String evidence) {

		String key() {
			return kind + "\n" + subject + "\n" + windowFrom;
		}

		String signalId() {
			return "sig_" + Ledger.sha256(key()).substring(0, 28);
		}

	}

	// ---- baselines

	/**
	 * A row of a kind's query: a subject over its threshold in a window, with its count,
	 * its volume and (where the query gathers it) its evidence.
	 */
	private record Found(String subject, @Nullable String masked, Instant windowFrom, long observed, long volume,
			@Nullable String evidence) {

		static Found read(ResultSet rs, int row) throws SQLException {
			return new Found(rs.getString("idx"), rs.getString("masked"), instant(rs, "wf"), rs.getLong("observed"),
					rs.getLong("volume"), null);
		}

		/** As {@link #read}, for the one kind whose query gathers the evidence too. */
		static Found readWithEvidence(ResultSet rs, int row) throws SQLException {
			return new Found(rs.getString("idx"), rs.getString("masked"), instant(rs, "wf"), rs.getLong("observed"),
					rs.getLong("volume"), rs.getString("evidence"));
		}

	}

	/**
	 * Each window's counts for the baselines of its hits: the sum and number of every
	 * subject's count in the window, and the hits' own counts.
	 */
	record Baselines(Map<Instant, long[]> totals, Map<Instant, Map<String, Long>> own) {

		/**
		 * The average count of the window's other subjects, as PostgreSQL's
		 * {@code round(avg(n), 2)} over them gives it; null when there is none.
		 */
		@Nullable BigDecimal without(Found hit) {
			long[] total = totals.getOrDefault(hit.windowFrom(), new long[2]);
			Long mine = own.getOrDefault(hit.windowFrom(), Map.of()).get(hit.subject());
			return averageWithout(total[0], total[1], mine);
		}

		static @Nullable BigDecimal averageWithout(long sum, long subjects, @Nullable Long mine) {
			long others = subjects - (mine == null ? 0 : 1);
			if (others <= 0) {
				return null;
			}
			return BigDecimal.valueOf(sum - (mine == null ? 0 : mine))
				.divide(BigDecimal.valueOf(others), 2, RoundingMode.HALF_UP);
		}

	}

	/**
	 * The baselines of a kind's hits: per window, one aggregate of {@code perSubject}
	 * ({@code idx, n} per subject of the window, its parameters from {@code bounds}),
	 * rather than one per hit, which cost a burst of hits in one window a scan of that
	 * window each.
	 */
	private Baselines baselines(List<Found> found, Rule rule, String perSubject,
			BiFunction<Instant, Instant, Object[]> bounds) {
		Map<Instant, Set<String>> subjects = new TreeMap<>();
		for (Found f : found) {
			subjects.computeIfAbsent(f.windowFrom(), wf -> new TreeSet<>()).add(f.subject());
		}
		Map<Instant, long[]> totals = new TreeMap<>();
		Map<Instant, Map<String, Long>> own = new TreeMap<>();
		String sql = "WITH c AS MATERIALIZED (SELECT idx, n FROM (" + perSubject + ") s WHERE idx IS NOT NULL) "
				+ "SELECT NULL AS idx, coalesce(sum(n), 0) AS n, count(*) AS k FROM c "
				+ "UNION ALL SELECT idx, n, 1 FROM c WHERE idx = ANY (?::text[])";
		subjects.forEach((wf, idxs) -> {
			List<Object> args = new ArrayList<>(List.of(bounds.apply(wf, wf.plus(rule.window()))));
			args.add(idxs.toArray(String[]::new));
			Map<String, Long> mine = new TreeMap<>();
			jdbc.query(sql, rs -> {
				String idx = rs.getString("idx");
				if (idx == null) {
					totals.put(wf, new long[] { rs.getLong("n"), rs.getLong("k") });
				}
				else {
					mine.put(idx, rs.getLong("n"));
				}
			}, args.toArray());
			own.put(wf, mine);
		});
		return new Baselines(totals, own);
	}

	// ---- the kinds

	private static final String EVIDENCE_OF_BINDINGS = "jsonb_build_object("
			+ "'platformIds', to_jsonb((array_agg(DISTINCT platform_id ORDER BY platform_id))[1:" + EVIDENCE + "]), "
			+ "'bindingIds', to_jsonb((array_agg(DISTINCT binding_id ORDER BY binding_id))[1:" + EVIDENCE + "]), "
			+ "'orderIds', to_jsonb((array_agg(DISTINCT order_id ORDER BY order_id))[1:" + EVIDENCE + "]), "
			+ "'virtualNumbers', to_jsonb((array_agg(DISTINCT virtual_number ORDER BY virtual_number))[1:" + EVIDENCE
			+ "]))::text";

	/**
	 * The parties (A or B) of this batch's new bindings, with every binding they are a
	 * party of leased in the same window; raised at {@code threshold} distinct platforms.
	 */
	private List<Hit> partyManyPlatforms(long from, long to, Rule rule) {
		long w = rule.window().toSeconds();
		// the lateral's two probes (as A, as B) by UNION ALL: the counts are DISTINCT
		// anyway; the evidence is gathered for the hits alone, below
		String sql = "WITH touched AS (SELECT DISTINCT p.idx, p.masked, date_bin(make_interval(secs => ?), "
				+ "l.occurred_at, " + EPOCH + ") AS wf FROM ledger l CROSS JOIN LATERAL (VALUES (l.party_a_index, "
				+ "l.party_a), (l.party_b_index, l.party_b)) AS p(idx, masked) WHERE l.seq > ? AND l.seq <= ? "
				+ "AND l.type = 'BINDING_CREATED' AND p.idx IS NOT NULL), "
				+ "bound AS (SELECT t.idx, t.masked, t.wf, h.binding_id, h.platform_id "
				+ "FROM touched t CROSS JOIN LATERAL (SELECT h.binding_id, h.platform_id "
				+ "FROM holding h WHERE h.party_a_index = t.idx AND h.valid_from >= t.wf "
				+ "AND h.valid_from < t.wf + make_interval(secs => ?) UNION ALL SELECT h.binding_id, h.platform_id "
				+ "FROM holding h WHERE h.party_b_index = t.idx AND h.valid_from >= t.wf "
				+ "AND h.valid_from < t.wf + make_interval(secs => ?)) h) "
				+ "SELECT idx, max(masked) AS masked, wf, count(DISTINCT platform_id) AS observed, "
				+ "count(DISTINCT binding_id) AS volume FROM bound "
				+ "GROUP BY idx, wf HAVING count(DISTINCT platform_id) >= ? AND count(DISTINCT binding_id) >= ?";
		List<Found> found = jdbc.query(sql, Found::read, w, from, to, w, w, rule.threshold(), rule.minVolume());
		// the baselines from the windows' BINDING_CREATED entries (the BRIN index on
		// occurred_at)
		Baselines baselines = baselines(found, rule,
				"SELECT idx, count(DISTINCT platform_id) AS n FROM (SELECT party_a_index AS idx, platform_id "
						+ "FROM ledger WHERE type = 'BINDING_CREATED' AND occurred_at >= ? AND occurred_at < ? UNION ALL "
						+ "SELECT party_b_index, platform_id FROM ledger WHERE type = 'BINDING_CREATED' "
						+ "AND occurred_at >= ? AND occurred_at < ? AND party_b_index IS NOT NULL) x GROUP BY idx",
				(wf, wt) -> new Object[] { ts(wf), ts(wt), ts(wf), ts(wt) });
		List<Hit> hits = new ArrayList<>(found.size());
		for (Found f : found) {
			Instant wf = f.windowFrom();
			Instant wt = wf.plus(rule.window());
			String idx = f.subject();
			BigDecimal baseline = baselines.without(f);
			String masked = f.masked();
			long observed = f.observed();
			String explanation = "Real number " + who(masked, idx) + " was a party (A or B) of " + f.volume()
					+ " bindings leased through " + observed + " different platforms " + window(wf, wt, rule)
					+ ". Threshold: " + plain(rule.threshold()) + " platforms (and at least " + rule.minVolume()
					+ " bindings). Baseline: "
					+ (baseline == null ? "no other party was bound in the same window"
							: "the other parties bound in the same window used " + plain(baseline)
									+ " platforms on average")
					+ ". One number ordering through many platforms at once is how fake orders reach couriers "
					+ "and how contacts are harvested.";
			String evidence = jdbc.queryForObject("SELECT " + EVIDENCE_OF_BINDINGS + " FROM (SELECT binding_id, "
					+ "platform_id, order_id, virtual_number FROM holding WHERE party_a_index = ? AND valid_from >= ? "
					+ "AND valid_from < ? UNION SELECT binding_id, platform_id, order_id, virtual_number FROM holding "
					+ "WHERE party_b_index = ? AND valid_from >= ? AND valid_from < ?) b", String.class, idx, ts(wf),
					ts(wt), idx, ts(wf), ts(wt));
			hits.add(new Hit(SignalKind.PARTY_MANY_PLATFORMS, wf, wt, idx, masked, BigDecimal.valueOf(observed),
					baseline, threshold(rule), explanation, evidence));
		}
		return hits;
	}

	/**
	 * The parties A of this batch's new bindings (with a party B), with every customer
	 * (B) they were bound to in the same window; raised at {@code threshold} distinct B.
	 */
	private List<Hit> aManyCustomers(long from, long to, Rule rule) {
		long w = rule.window().toSeconds();
		String sql = "WITH touched AS (SELECT DISTINCT l.party_a_index AS idx, l.party_a AS masked, "
				+ "date_bin(make_interval(secs => ?), l.occurred_at, " + EPOCH + ") AS wf FROM ledger l "
				+ "WHERE l.seq > ? AND l.seq <= ? AND l.type = 'BINDING_CREATED' AND l.party_a_index IS NOT NULL "
				+ "AND l.party_b_index IS NOT NULL), "
				+ "bound AS (SELECT t.idx, t.masked, t.wf, h.binding_id, h.party_b_index FROM touched t "
				+ "CROSS JOIN LATERAL (SELECT h.binding_id, h.party_b_index FROM holding h "
				+ "WHERE h.party_a_index = t.idx AND h.valid_from >= t.wf "
				+ "AND h.valid_from < t.wf + make_interval(secs => ?) AND h.party_b_index IS NOT NULL) h) "
				+ "SELECT idx, max(masked) AS masked, wf, count(DISTINCT party_b_index) AS observed, "
				+ "count(DISTINCT binding_id) AS volume FROM bound "
				+ "GROUP BY idx, wf HAVING count(DISTINCT party_b_index) >= ? AND count(DISTINCT binding_id) >= ?";
		List<Found> found = jdbc.query(sql, Found::read, w, from, to, w, rule.threshold(), rule.minVolume());
		Baselines baselines = baselines(found, rule,
				"SELECT party_a_index AS idx, count(DISTINCT party_b_index) AS n FROM ledger "
						+ "WHERE type = 'BINDING_CREATED' AND occurred_at >= ? AND occurred_at < ? "
						+ "AND party_b_index IS NOT NULL GROUP BY party_a_index",
				(wf, wt) -> new Object[] { ts(wf), ts(wt) });
		List<Hit> hits = new ArrayList<>(found.size());
		for (Found f : found) {
			Instant wf = f.windowFrom();
			Instant wt = wf.plus(rule.window());
			String idx = f.subject();
			BigDecimal baseline = baselines.without(f);
			String masked = f.masked();
			long observed = f.observed();
			String explanation = "Party A " + who(masked, idx) + " was bound to " + observed
					+ " different customers (party B) in " + f.volume() + " bindings " + window(wf, wt, rule)
					+ ". Threshold: " + plain(rule.threshold()) + " customers. Baseline: "
					+ (baseline == null ? "no other party A was bound in the same window"
							: "the other parties A bound in the same window had " + plain(baseline)
									+ " customers on average")
					+ ". A courier side with far more customers than its peers may be collecting contacts.";
			String evidence = jdbc.queryForObject(
					"SELECT " + EVIDENCE_OF_BINDINGS + " FROM holding WHERE "
							+ "party_a_index = ? AND valid_from >= ? AND valid_from < ? AND party_b_index IS NOT NULL",
					String.class, idx, ts(wf), ts(wt));
			hits.add(new Hit(SignalKind.A_MANY_CUSTOMERS, wf, wt, idx, masked, BigDecimal.valueOf(observed), baseline,
					threshold(rule), explanation, evidence));
		}
		return hits;
	}

	/**
	 * The callers this batch's refused routing decisions name, with every call of theirs
	 * refused in the same window because they are no party there; raised at
	 * {@code threshold} distinct virtual numbers.
	 */
	private List<Hit> callerScanning(long from, long to, Rule rule) {
		long w = rule.window().toSeconds();
		// the caller read from the details' text: a writer's odd details must not stop
		// detection (a cast to jsonb would fail the batch for good)
		String sql = "WITH touched AS (SELECT DISTINCT substring(l.details from '\"callerIndex\":\"([A-Za-z0-9_-]{1,32})\"') "
				+ "AS idx, date_bin(make_interval(secs => ?), l.occurred_at, " + EPOCH + ") AS wf FROM ledger l "
				+ "WHERE l.seq > ? AND l.seq <= ? AND l.type = 'CALL_ROUTED' AND l.details LIKE '%\"action\":\"REJECT\"%') "
				+ "SELECT t.idx, max(c.caller) AS masked, t.wf, count(DISTINCT c.virtual_number) AS observed, "
				+ "count(*) AS volume, jsonb_build_object("
				+ "'virtualNumbers', to_jsonb((array_agg(DISTINCT c.virtual_number ORDER BY c.virtual_number))[1:"
				+ EVIDENCE + "]), 'callIds', to_jsonb((array_agg(c.call_id ORDER BY c.started_at, c.call_id))[1:"
				+ EVIDENCE + "]), 'platformIds', to_jsonb(coalesce(array_agg(DISTINCT c.platform_id ORDER BY "
				+ "c.platform_id) FILTER (WHERE c.platform_id IS NOT NULL), '{}')), 'reasons', "
				+ "to_jsonb(array_agg(DISTINCT c.reason ORDER BY c.reason)))::text AS evidence "
				+ "FROM touched t JOIN call_record c ON c.caller_index = t.idx AND c.started_at >= t.wf "
				+ "AND c.started_at < t.wf + make_interval(secs => ?) WHERE t.idx IS NOT NULL AND c.action = 'REJECT' "
				+ "AND c.reason = ANY (?::text[]) GROUP BY t.idx, t.wf "
				+ "HAVING count(DISTINCT c.virtual_number) >= ? AND count(*) >= ?";
		List<Found> found = jdbc.query(sql, Found::readWithEvidence, w, from, to, w, SCANNING_REASONS, rule.threshold(),
				rule.minVolume());
		Baselines baselines = baselines(found, rule,
				"SELECT caller_index AS idx, count(DISTINCT virtual_number) AS n FROM call_record "
						+ "WHERE started_at >= ? AND started_at < ? AND action = 'REJECT' "
						+ "AND reason = ANY (?::text[]) GROUP BY caller_index",
				(wf, wt) -> new Object[] { ts(wf), ts(wt), SCANNING_REASONS });
		List<Hit> hits = new ArrayList<>(found.size());
		for (Found f : found) {
			Instant wf = f.windowFrom();
			Instant wt = wf.plus(rule.window());
			String idx = f.subject();
			BigDecimal baseline = baselines.without(f);
			String masked = f.masked();
			long observed = f.observed();
			String explanation = "Caller " + who(masked, idx) + " was refused as no party on " + observed
					+ " different virtual numbers (" + f.volume() + " calls refused with "
					+ String.join(", ", SCANNING_REASONS) + ") " + window(wf, wt, rule) + ". Threshold: "
					+ plain(rule.threshold()) + " numbers. Baseline: "
					+ (baseline == null ? "no other caller was refused so in the same window"
							: "the other callers refused so in the same window reached " + plain(baseline)
									+ " numbers on average")
					+ ". Dialing numbers one is no party to is scanning for live bindings; the per-shard call-rate "
					+ "limit refuses such calls but tells no one.";
			hits.add(new Hit(SignalKind.CALLER_SCANNING, wf, wt, idx, masked, BigDecimal.valueOf(observed), baseline,
					threshold(rule), explanation, Objects.requireNonNull(f.evidence())));
		}
		return hits;
	}

	/**
	 * The platforms of the call entries in {@code (from, to]}: their share of refused or
	 * very short calls in the window against the median share of their peers (every other
	 * platform with at least {@code minVolume} calls in it); raised at {@code threshold}
	 * times the median, and never below {@code min-refusal-rate}.
	 */
	private List<Hit> platformRefusalRate(long from, long to, Rule rule) {
		long w = rule.window().toSeconds();
		long shortCall = properties.shortCall().toSeconds();
		String bad = "(c.action = 'REJECT' OR (c.action = 'CONNECT' AND c.ended_at IS NOT NULL "
				+ "AND coalesce(c.talk_seconds, 0) < ?))";
		String sql = "WITH touched AS (SELECT DISTINCT l.platform_id, date_bin(make_interval(secs => ?), l.occurred_at, "
				+ EPOCH + ") AS wf FROM ledger l WHERE l.seq > ? AND l.seq <= ? "
				+ "AND l.type IN ('CALL_ROUTED', 'CALL_EVENT') AND l.platform_id IS NOT NULL), "
				+ "rates AS (SELECT b.wf, c.platform_id, count(*) AS volume, count(*) FILTER (WHERE " + bad
				+ ") AS bad, count(*) FILTER (WHERE c.action = 'REJECT') AS refused FROM (SELECT DISTINCT wf FROM touched) b "
				+ "JOIN call_record c ON c.started_at >= b.wf AND c.started_at < b.wf + make_interval(secs => ?) "
				+ "WHERE c.platform_id IS NOT NULL GROUP BY b.wf, c.platform_id HAVING count(*) >= ?) "
				+ "SELECT r.platform_id, r.wf, r.volume, r.bad, r.refused, round(r.bad::numeric / r.volume, 4) AS observed, "
				+ "(SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p.bad::float8 / p.volume)::numeric, 4) "
				+ "FROM rates p WHERE p.wf = r.wf AND p.platform_id <> r.platform_id) AS baseline, "
				+ "(SELECT count(*) FROM rates p WHERE p.wf = r.wf AND p.platform_id <> r.platform_id) AS peers "
				+ "FROM rates r JOIN touched t ON t.platform_id = r.platform_id AND t.wf = r.wf "
				+ "WHERE r.bad::numeric / r.volume >= ?";
		List<Hit> hits = new ArrayList<>();
		BigDecimal floor = BigDecimal.valueOf(properties.minRefusalRate());
		jdbc.query(sql, rs -> {
			Instant wf = instant(rs, "wf");
			Instant wt = wf.plus(rule.window());
			String platform = rs.getString("platform_id");
			BigDecimal observed = rs.getBigDecimal("observed");
			BigDecimal baseline = rs.getBigDecimal("baseline");
			BigDecimal threshold = baseline == null ? floor
					: baseline.multiply(BigDecimal.valueOf(rule.threshold()))
						.max(floor)
						.setScale(4, RoundingMode.HALF_UP);
			if (observed.compareTo(threshold) < 0) {
				return;
			}
			long volume = rs.getLong("volume");
			long refused = rs.getLong("refused");
			long shortCalls = rs.getLong("bad") - refused;
			String evidence = jdbc
				.queryForObject("SELECT jsonb_build_object('platformIds', jsonb_build_array(?::text), "
						+ "'callIds', to_jsonb((array_agg(c.call_id ORDER BY c.started_at, c.call_id))[1:" + EVIDENCE
						+ "]), "
						+ "'bindingIds', to_jsonb(coalesce((array_agg(DISTINCT c.binding_id ORDER BY c.binding_id) "
						+ "FILTER (WHERE c.binding_id IS NOT NULL))[1:" + EVIDENCE + "], '{}')), "
						+ "'virtualNumbers', to_jsonb(coalesce((array_agg(DISTINCT c.virtual_number ORDER BY c.virtual_number) "
						+ "FILTER (WHERE c.virtual_number IS NOT NULL))[1:" + EVIDENCE + "], '{}')), "
						+ "'calls', ?::bigint, 'refused', ?::bigint, 'short', ?::bigint, 'peers', ?::bigint)::text "
						+ "FROM call_record c WHERE c.platform_id = ? AND c.started_at >= ? AND c.started_at < ? AND "
						+ bad, String.class, platform, volume, refused, shortCalls, rs.getLong("peers"), platform,
						ts(wf), ts(wt), shortCall);
			String explanation = "Platform " + platform + ": " + rs.getLong("bad") + " of its " + volume
					+ " calls were refused (" + refused + ") or connected and shorter than " + shortCall + " s ("
					+ shortCalls + ") " + window(wf, wt, rule) + ", a rate of " + plain(observed) + ". Baseline: "
					+ (baseline == null ? "no other platform had " + rule.minVolume() + " calls in the same window"
							: "the median rate of the " + rs.getLong("peers") + " other platforms with at least "
									+ rule.minVolume() + " calls in the same window was " + plain(baseline))
					+ ". Threshold: " + plain(rule.threshold()) + " times the baseline, and at least " + plain(floor)
					+ ", here " + plain(threshold)
					+ ". Bindings whose calls fail far more often than the peers' suggest fake orders or abuse of "
					+ "the pool.";
			hits.add(new Hit(SignalKind.PLATFORM_REFUSAL_RATE, wf, wt, platform, null, observed, baseline, threshold,
					explanation, evidence));
		}, w, from, to, shortCall, w, rule.minVolume(), properties.minRefusalRate());
		return hits;
	}

	/**
	 * The numbers this batch's routing decisions name: a release of the number followed,
	 * within the window, by a new lease and calls on it; raised at {@code threshold}
	 * calls. The window starts at the release.
	 */
	private List<Hit> numberRecycledCalled(long from, long to, Rule rule) {
		long w = rule.window().toSeconds();
		String sql = "WITH touched AS (SELECT l.virtual_number, min(l.occurred_at) AS first_call, "
				+ "max(l.occurred_at) AS last_call FROM ledger l WHERE l.seq > ? AND l.seq <= ? "
				+ "AND l.type = 'CALL_ROUTED' AND l.virtual_number IS NOT NULL GROUP BY l.virtual_number), "
				+ "released AS (SELECT DISTINCT h.binding_id, h.virtual_number, h.platform_id, h.released_at "
				+ "FROM touched t CROSS JOIN LATERAL (SELECT h.binding_id, h.virtual_number, h.platform_id, "
				+ "h.released_at FROM holding h WHERE h.virtual_number = t.virtual_number AND h.released_at IS NOT NULL "
				+ "AND h.released_at > t.first_call - make_interval(secs => ?) AND h.released_at <= t.last_call) h), "
				+ "again AS (SELECT DISTINCT r.binding_id AS released_binding, r.virtual_number, r.platform_id AS "
				+ "released_platform, r.released_at, n.binding_id AS new_binding, n.platform_id AS new_platform, "
				+ "n.leased_at FROM released r CROSS JOIN LATERAL (SELECT n.binding_id, n.platform_id, n.leased_at "
				+ "FROM holding n WHERE n.virtual_number = r.virtual_number AND n.binding_id <> r.binding_id "
				+ "AND n.valid_from = n.leased_at AND n.leased_at >= r.released_at "
				+ "AND n.leased_at < r.released_at + make_interval(secs => ?)) n) "
				+ "SELECT a.virtual_number, a.released_at AS wf, a.released_binding, a.released_platform, a.new_binding, "
				+ "a.new_platform, a.leased_at, count(DISTINCT c.call_id) AS observed, "
				+ "jsonb_build_object('bindingIds', jsonb_build_array(a.released_binding, a.new_binding), "
				+ "'platformIds', to_jsonb(ARRAY(SELECT DISTINCT unnest(ARRAY[a.released_platform, a.new_platform]))), "
				+ "'virtualNumbers', jsonb_build_array(a.virtual_number), "
				+ "'callIds', to_jsonb((array_agg(DISTINCT c.call_id ORDER BY c.call_id))[1:" + EVIDENCE + "]), "
				+ "'releasedAt', a.released_at, 'leasedAgainAt', a.leased_at)::text AS evidence "
				+ "FROM again a JOIN call_record c ON c.virtual_number = a.virtual_number AND c.started_at >= a.leased_at "
				+ "AND c.started_at < a.released_at + make_interval(secs => ?) "
				+ "GROUP BY a.virtual_number, a.released_at, a.released_binding, a.released_platform, a.new_binding, "
				+ "a.new_platform, a.leased_at HAVING count(DISTINCT c.call_id) >= ?";
		return jdbc.query(sql, (rs, n) -> {
			Instant released = instant(rs, "wf");
			Instant wt = released.plus(rule.window());
			Instant leased = instant(rs, "leased_at");
			String number = rs.getString("virtual_number");
			long observed = rs.getLong("observed");
			String explanation = "Virtual number " + number + " was released at " + released + " (binding "
					+ rs.getString("released_binding") + ", platform " + rs.getString("released_platform")
					+ "), leased again " + Duration.between(released, leased).toSeconds() + " s later (binding "
					+ rs.getString("new_binding") + ", platform " + rs.getString("new_platform") + ") and called "
					+ observed + " times before " + wt + " (within " + rule.window().toMinutes()
					+ " minutes of the release). Threshold: " + plain(rule.threshold())
					+ " calls. Baseline: none; a released number cools down before it is leased again, so an "
					+ "ordinary number is not called on a new binding this soon. A number recycled and called at "
					+ "once lets whoever knew it reach its next holder.";
			return new Hit(SignalKind.NUMBER_RECYCLED_CALLED, released, wt, number, null, BigDecimal.valueOf(observed),
					null, threshold(rule), explanation, rs.getString("evidence"));
		}, from, to, w, w, w, rule.threshold());
	}

	// ---- storing

	/**
	 * Each hit not raised before: a SIGNAL_RAISED ledger entry, then its row naming the
	 * entry's seq.
	 */
	private List<Signal> store(List<Hit> hits) {
		Map<String, Hit> fresh = new LinkedHashMap<>();
		for (Hit hit : hits) {
			Integer seen = jdbc.queryForObject(
					"SELECT count(*) FROM signal WHERE kind = ? AND subject = ? AND window_from = ?", Integer.class,
					hit.kind().name(), hit.subject(), ts(hit.windowFrom()));
			if (seen != null && seen == 0) {
				fresh.putIfAbsent(hit.key(), hit);
			}
		}
		if (fresh.isEmpty()) {
			return List.of();
		}
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<LedgerEntry> entries = new ArrayList<>();
		for (Hit hit : fresh.values()) {
			String type = hit.kind().subjectType();
			boolean party = type.equals("PARTY") || type.equals("CALLER");
			// sorted keys, text figures: the form scripts/verify-export.py rebuilds a
			// row's details in (json.dumps, sort_keys), so that the chain verifies
			// outside
			Map<String, Object> details = new TreeMap<>();
			details.put("signalId", hit.signalId());
			details.put("kind", hit.kind().name());
			details.put("windowFrom", hit.windowFrom().toString());
			details.put("windowTo", hit.windowTo().toString());
			details.put("subjectType", type);
			details.put("subject", hit.subject());
			details.put("observed", plain(hit.observed()));
			details.put("baseline", hit.baseline() == null ? null : plain(hit.baseline()));
			details.put("threshold", plain(hit.threshold()));
			details.put("explanation", hit.explanation());
			details.put("evidence", new TreeMap<String, Object>(json.readValue(hit.evidence(), EVIDENCE_FIELDS)));
			entries.add(new LedgerEntry("signal:" + hit.signalId(), EventType.SIGNAL_RAISED.name(), now,
					type.equals("PLATFORM") ? hit.subject() : null, null, null,
					type.equals("VIRTUAL_NUMBER") ? hit.subject() : null, party ? hit.subjectMasked() : null, null,
					party ? hit.subject() : null, null, null, json.writeValueAsString(details)));
		}
		ledger.append(entries);
		Map<String, Long> seqs = new TreeMap<>();
		jdbc.query("SELECT event_id, seq FROM ledger WHERE event_id = ANY (?) AND recorded_at >= ?", rs -> {
			seqs.put(rs.getString("event_id"), rs.getLong("seq"));
		}, entries.stream().map(LedgerEntry::eventId).toArray(String[]::new), ts(now.minus(Duration.ofMinutes(1))));
		List<Signal> stored = new ArrayList<>();
		for (Hit hit : fresh.values()) {
			Long seq = seqs.get("signal:" + hit.signalId());
			jdbc.update(
					"INSERT INTO signal (signal_id, kind, raised_at, window_from, window_to, subject_type, subject, "
							+ "subject_masked, observed, baseline, threshold, explanation, evidence, ledger_seq) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING",
					hit.signalId(), hit.kind().name(), ts(now), ts(hit.windowFrom()), ts(hit.windowTo()),
					hit.kind().subjectType(), hit.subject(), hit.subjectMasked(), hit.observed(), hit.baseline(),
					hit.threshold(), hit.explanation(), hit.evidence(), seq);
			stored.add(new Signal(hit.signalId(), hit.kind(), now, hit.windowFrom(), hit.windowTo(),
					hit.kind().subjectType(), hit.subject(), hit.subjectMasked(), hit.observed(), hit.baseline(),
					hit.threshold(), hit.explanation(), json.readTree(hit.evidence()), seq));
		}
		return stored;
	}

	// ---- helpers

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

	private static BigDecimal threshold(Rule rule) {
		return BigDecimal.valueOf(rule.threshold()).stripTrailingZeros();
	}

	private static String plain(double value) {
		return plain(BigDecimal.valueOf(value));
	}

	private static String plain(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

	private static String who(@Nullable String masked, String index) {
		return (masked == null ? "" : masked + " ") + "(blind index " + index + ")";
	}

	private static String window(Instant from, Instant to, Rule rule) {
		return "between " + from + " and " + to + " (a " + describe(rule.window()) + " window)";
	}

	private static String describe(Duration window) {
		return window.toHours() > 0 && window.toMinutes() % 60 == 0 ? window.toHours() + " h"
				: window.toMinutes() + " min";
	}

}
