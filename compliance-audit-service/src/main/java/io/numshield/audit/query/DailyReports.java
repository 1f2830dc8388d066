package io.numshield.audit.query;

import io.numshield.audit.ledger.LedgerSigningKey;
import io.numshield.audit.ledger.QueryPool;
import io.numshield.audit.replica.Freshness;
import io.numshield.audit.replica.Reads;
import io.numshield.audit.replica.Source;
import io.numshield.support.security.CallerIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The daily report of the 700 pilot (ADR 0028): for one calendar day in the reporting
 * zone (Asia/Shanghai), one CSV row per platform and virtual number with the industrial
 * identifiers of the leases concerned, the leases started and ended (ledger rows
 * {@code BINDING_CREATED}, {@code BINDING_RELEASED}/{@code BINDING_EXPIRED} that occurred
 * that day) and the calls that started that day ({@code call_record}: routed, connected,
 * refused, talk seconds). No party number appears in it, not even masked. The CSV's exact
 * bytes are signed with the ledger's Ed25519 key, so that a regulator verifies it offline
 * with the key of {@code GET /v1/audit/checkpoints/key} ({@code scripts/verify-export.py
 * --daily-report}). Read like the exports: on the replica when {@link Reads} allows, in
 * one snapshot, recorded as an ACCESS entry before the answer leaves.
 */
@Component
public class DailyReports {

	/** The zone whose calendar days the reports cover. */
	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	/** The CSV's first line: the columns, in order. */
	static final String HEADER = "date,platformId,virtualNumber,industrialIds,leasesStarted,leasesEnded,callsRouted,"
			+ "callsConnected,callsRefused,callSeconds";

	/**
	 * Per platform and number: the lease events of the day, the calls that started in it,
	 * and the industrial identifiers of the bindings either concerns (from
	 * {@code holding}, which keeps each binding's).
	 */
	private static final String ROWS = """
			WITH lease AS (
			  SELECT platform_id, virtual_number, binding_id, type FROM ledger
			  WHERE occurred_at >= ? AND occurred_at < ?
			    AND type IN ('BINDING_CREATED', 'BINDING_RELEASED', 'BINDING_EXPIRED')
			    AND platform_id IS NOT NULL AND virtual_number IS NOT NULL),
			call AS (
			  SELECT platform_id, virtual_number, binding_id, action, answered_at, talk_seconds FROM call_record
			  WHERE started_at >= ? AND started_at < ? AND platform_id IS NOT NULL AND virtual_number IS NOT NULL),
			concerned AS (
			  SELECT platform_id, virtual_number, binding_id FROM lease
			  UNION SELECT platform_id, virtual_number, binding_id FROM call WHERE binding_id IS NOT NULL),
			ids AS (
			  SELECT k.platform_id, k.virtual_number,
			    string_agg(DISTINCT h.industrial_id, ';' ORDER BY h.industrial_id) AS industrial_ids
			  FROM concerned k JOIN holding h ON h.binding_id = k.binding_id
			  WHERE h.industrial_id IS NOT NULL GROUP BY k.platform_id, k.virtual_number),
			l AS (
			  SELECT platform_id, virtual_number, count(*) FILTER (WHERE type = 'BINDING_CREATED') AS started,
			    count(*) FILTER (WHERE type <> 'BINDING_CREATED') AS ended
			  FROM lease GROUP BY platform_id, virtual_number),
			c AS (
			  SELECT platform_id, virtual_number, count(*) FILTER (WHERE action IS NOT NULL) AS routed,
			    count(*) FILTER (WHERE answered_at IS NOT NULL) AS connected,
			    count(*) FILTER (WHERE action = 'REJECT') AS refused, coalesce(sum(talk_seconds), 0) AS seconds
			  FROM call GROUP BY platform_id, virtual_number),
			r AS (
			  SELECT coalesce(l.platform_id, c.platform_id) AS platform_id,
			    coalesce(l.virtual_number, c.virtual_number) AS virtual_number,
			    coalesce(l.started, 0) AS started, coalesce(l.ended, 0) AS ended, coalesce(c.routed, 0) AS routed,
			    coalesce(c.connected, 0) AS connected, coalesce(c.refused, 0) AS refused,
			    coalesce(c.seconds, 0) AS seconds
			  FROM l FULL JOIN c ON l.platform_id = c.platform_id AND l.virtual_number = c.virtual_number)
			SELECT r.*, ids.industrial_ids FROM r
			LEFT JOIN ids ON ids.platform_id = r.platform_id AND ids.virtual_number = r.virtual_number
			ORDER BY r.platform_id, r.virtual_number
			""";

	private static final String SEQ_RANGE = "SELECT min(seq) AS first, max(seq) AS last FROM ledger "
			+ "WHERE occurred_at >= ? AND occurred_at < ? "
			+ "AND type IN ('BINDING_CREATED', 'BINDING_RELEASED', 'BINDING_EXPIRED')";

	/** What a report answers: the CSV and its detached signature. */
	public enum Part {

		CSV, SIGNATURE

	}

	/**
	 * One signed report.
	 *
	 * @param date the day
	 * @param from its first instant
	 * @param to the first instant after it
	 * @param csv the CSV's bytes (UTF-8, CRLF line ends), exactly what is signed
	 * @param rows the CSV's rows below its header
	 * @param firstSeq the first ledger seq of the day's lease entries, null if none
	 * @param lastSeq the last one, null if none
	 * @param sha256 the CSV's SHA-256, hex
	 * @param signature Ed25519 over {@code csv}, standard base64
	 * @param keyId the signing key's id (hex SHA-256 of its public key's DER)
	 * @param freshness which server answered and how fresh its data was
	 */
	public record Report(LocalDate date, Instant from, Instant to, byte[] csv, int rows, @Nullable Long firstSeq,
			@Nullable Long lastSeq, String sha256, String signature, String keyId, Freshness freshness) {
	}

	private final QueryPool pool;

	private final AccessLog access;

	private final Reads reads;

	private final LedgerSigningKey key;

	private final Clock clock;

	DailyReports(QueryPool pool, AccessLog access, Reads reads, LedgerSigningKey key, Clock clock) {
		this.pool = pool;
		this.access = access;
		this.reads = reads;
		this.key = key;
		this.clock = clock;
	}

	/** Whether the day is over in the reporting zone, so that its report can be made. */
	public boolean over(LocalDate date) {
		return !clock.instant().isBefore(date.plusDays(1).atStartOfDay(ZONE).toInstant());
	}

	/**
	 * Makes and signs the day's report, recording the request (ACCESS, query
	 * {@code daily-report}, with the part asked for and the rows) before it is answered.
	 * The day must be {@link #over}.
	 */
	public Report report(CallerIdentity caller, LocalDate date, Part part, String reason) {
		if (!over(date)) {
			throw new IllegalStateException(date + " is not over in " + ZONE);
		}
		Instant from = date.atStartOfDay(ZONE).toInstant();
		Instant to = date.plusDays(1).atStartOfDay(ZONE).toInstant();
		Timestamp start = Timestamp.from(from);
		Timestamp end = Timestamp.from(to);
		return reads.read(pool.jdbc(), (Source source) -> source.inSnapshot(status -> {
			StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
			String day = date.toString();
			List<Integer> count = new java.util.ArrayList<>(List.of(0));
			source.jdbc().query(ROWS, rs -> {
				csv.append(day)
					.append(',')
					.append(EventExport.csvField(rs.getString("platform_id")))
					.append(',')
					.append(EventExport.csvField(rs.getString("virtual_number")))
					.append(',')
					.append(EventExport.csvField(rs.getString("industrial_ids")))
					.append(',')
					.append(rs.getLong("started"))
					.append(',')
					.append(rs.getLong("ended"))
					.append(',')
					.append(rs.getLong("routed"))
					.append(',')
					.append(rs.getLong("connected"))
					.append(',')
					.append(rs.getLong("refused"))
					.append(',')
					.append(rs.getLong("seconds"))
					.append("\r\n");
				count.set(0, count.get(0) + 1);
			}, start, end, start, end);
			Map<String, Object> seqs = source.jdbc().queryForMap(SEQ_RANGE, start, end);
			source.settle();
			Map<String, String> question = new LinkedHashMap<>();
			question.put("date", day);
			question.put("zone", ZONE.getId());
			question.put("part", part.name().toLowerCase(java.util.Locale.ROOT));
			access.recordExport(caller, "daily-report", reason, null, question, count.get(0), source.freshness());
			byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
			return new Report(date, from, to, bytes, count.get(0), number(seqs.get("first")), number(seqs.get("last")),
					HexFormat.of().formatHex(sha256(bytes)), Base64.getEncoder().encodeToString(key.sign(bytes)),
					key.keyId(), source.freshness());
		})).value();
	}

	private static @Nullable Long number(@Nullable Object value) {
		return value == null ? null : ((Number) value).longValue();
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
