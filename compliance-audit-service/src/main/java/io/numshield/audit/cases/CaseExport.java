package io.numshield.audit.cases;

import io.numshield.audit.cases.Cases.Stored;
import io.numshield.audit.ledger.Checkpoints;
import io.numshield.audit.ledger.Checkpoints.Checkpoint;
import io.numshield.audit.ledger.LedgerSigningKey;
import io.numshield.audit.ledger.QueryPool;
import io.numshield.audit.ledger.QueryProperties;
import io.numshield.audit.query.AccessLog;
import io.numshield.audit.query.EventExport;
import io.numshield.support.security.CallerIdentity;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * A case as a bundle that a third party verifies offline with the ledger's public key
 * alone ({@code scripts/verify-export.py --case-bundle}, ADR 0030). JSON lines: every
 * ledger entry from the case's first entry up to a signed checkpoint at or after its last
 * (the same lines as the events export, so the chain is recomputed over a contiguous
 * range), then one trailer line: the manifest (case id, masked reason, which seqs are the
 * case's, the range, the SHA-256 of every byte before the trailer, the checkpoint), the
 * manifest's Ed25519 signature with the ledger's key, and the checkpoint itself. When no
 * checkpoint covers the case's last entry yet, the head is signed now. Streamed (the
 * digest is computed as the lines go), counted and limited like the events export, and
 * recorded as an ACCESS entry (query {@code case-export}) before the first byte.
 * <p>
 * A case whose range is over the export's limit (a case of a day ago on a busy ledger
 * spans hundreds of millions of entries), or one asked for so, goes in the attested form:
 * the case's own entries alone, each with the hash the chain stored, which the signed
 * manifest lists seq by seq ({@code caseHashes}); the verifier recomputes each entry's
 * hash from its line and compares it with the signed one. That proves what the ledger's
 * key attests at export time (as a checkpoint does for the head), not that a checkpoint
 * signed earlier reaches the entries: the range form proves that too.
 */
@Component
public class CaseExport {

	/** The trailer's {@code bundle} value, and the format's version. */
	public static final String BUNDLE = "numshield-case-bundle/1";

	/** What precedes the manifest's text in the signed message ("\n" between). */
	public static final String MANIFEST = "numshield-case-manifest/1";

	private final Cases cases;

	private final QueryPool pool;

	private final EventExport export;

	private final Checkpoints checkpoints;

	private final LedgerSigningKey key;

	private final AccessLog access;

	private final Clock clock;

	private final ObjectMapper json;

	private final long maxRows;

	CaseExport(Cases cases, QueryPool pool, EventExport export, Checkpoints checkpoints, LedgerSigningKey key,
			AccessLog access, Clock clock, ObjectMapper json, QueryProperties limits) {
		this.cases = cases;
		this.pool = pool;
		this.export = export;
		this.checkpoints = checkpoints;
		this.key = key;
		this.access = access;
		this.clock = clock;
		this.json = json;
		this.maxRows = limits.maxRows();
	}

	/** The bundle's form (ADR 0030). */
	public enum Form {

		/**
		 * Every entry from the case's first to a signed checkpoint: the chain over them.
		 */
		RANGE,
		/** The case's entries alone, their hashes listed in the signed manifest. */
		ATTESTED

	}

	/** Where the bundle goes, opened once it is allowed and recorded. */
	@FunctionalInterface
	public interface Target {

		OutputStream open() throws IOException;

	}

	/** Writes the bundle of the caller's case; answers how many entries it holds. */
	public long export(CallerIdentity caller, String caseId, @Nullable Form asked, Target target) {
		Stored stored = cases.stored(caller, caseId);
		TreeSet<Long> own = new TreeSet<>(stored.ledgerSeqs());
		own.addAll(cases.ownEntries(caseId));
		long first = own.first();
		long last = own.last();
		Checkpoint checkpoint = covering(last);
		long range = checkpoint.seq() - first + 1;
		Form form = asked != null ? asked : range > maxRows ? Form.ATTESTED : Form.RANGE;
		long rows = form == Form.RANGE ? range : own.size();
		if (rows > maxRows) {
			throw new EventExport.TooManyRows(rows, maxRows);
		}
		Map<String, Object> shown = new TreeMap<>();
		shown.put("caseId", caseId);
		shown.put("form", form.name().toLowerCase(java.util.Locale.ROOT));
		shown.put("fromSeq", first);
		shown.put("toSeq", checkpoint.seq());
		shown.put("rows", rows);
		access.recordCase(caller, "case-export", stored.reason(), shown);
		return pool.inTransaction(true, status -> {
			try {
				MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
				OutputStream out = target.open();
				DigestOutputStream digested = new DigestOutputStream(out, sha256);
				long written = form == Form.RANGE ? export.writeRange(pool.jdbc(), first, checkpoint.seq(), digested)
						: export.writeSeqs(pool.jdbc(), own, digested);
				Map<Long, String> hashes = form == Form.RANGE ? null : hashes(own);
				out.write(trailer(stored, own, first, written, checkpoint, sha256.digest(), hashes));
				out.flush();
				return written;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * The earliest signed checkpoint at or after the seq; the head signed now when none
	 * is (a scheduled signature is skipped only when the last one is already at the head,
	 * which then covers the seq).
	 */
	private Checkpoint covering(long seq) {
		List<Checkpoint> found = first(seq);
		if (found.isEmpty()) {
			checkpoints.sign(Checkpoints.Reason.SCHEDULE);
			found = first(seq);
		}
		if (found.isEmpty()) {
			throw new IllegalStateException("no checkpoint covers seq " + seq + " after signing the head");
		}
		return found.get(0);
	}

	private List<Checkpoint> first(long seq) {
		return pool.jdbc()
			.query("SELECT * FROM ledger_checkpoint WHERE seq >= ? ORDER BY seq, signed_at LIMIT 1",
					(rs, i) -> new Checkpoint(rs.getLong("seq"), rs.getString("hash").trim(),
							rs.getTimestamp("signed_at").toInstant(), rs.getString("reason"), rs.getString("algorithm"),
							rs.getString("key_id"), rs.getString("public_key"), rs.getString("signature")),
					seq);
	}

	/** The hash the chain stored for each of the case's entries, by seq. */
	private Map<Long, String> hashes(TreeSet<Long> own) {
		Map<Long, String> hashes = new TreeMap<>();
		pool.jdbc()
			.query("SELECT seq, hash FROM ledger WHERE seq = ANY (?)",
					(org.springframework.jdbc.core.RowCallbackHandler) rs -> {
						hashes.put(rs.getLong("seq"), rs.getString("hash").trim());
					}, (Object) own.toArray(Long[]::new));
		return hashes;
	}

	private byte[] trailer(Stored stored, TreeSet<Long> own, long first, long written, Checkpoint checkpoint,
			byte[] digest, @Nullable Map<Long, String> hashes) {
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("caseId", stored.caseId());
		manifest.put("openedAt", stored.openedAt().toString());
		manifest.put("openedBy", stored.openedBy());
		manifest.put("reason", stored.reason());
		manifest.put("source", stored.source());
		manifest.put("exportedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
		manifest.put("fromSeq", first);
		manifest.put("toSeq", checkpoint.seq());
		manifest.put("entries", written);
		manifest.put("caseSeqs", List.copyOf(own));
		if (hashes != null) {
			// the attested form: no range, each entry's stored hash signed here
			manifest.put("form", "attested");
			Map<String, String> named = new LinkedHashMap<>();
			hashes.forEach((seq, hash) -> named.put(Long.toString(seq), hash));
			manifest.put("caseHashes", named);
		}
		manifest.put("entriesSha256", HexFormat.of().formatHex(digest));
		manifest.put("checkpoint", Map.of("seq", checkpoint.seq(), "hash", checkpoint.hash(), "signedAt",
				checkpoint.signedAt().toString(), "keyId", checkpoint.keyId()));
		String text = json.writeValueAsString(manifest);
		String signature = Base64.getEncoder()
			.encodeToString(key.sign((MANIFEST + "\n" + text).getBytes(StandardCharsets.UTF_8)));
		Map<String, Object> cp = new LinkedHashMap<>();
		cp.put("seq", checkpoint.seq());
		cp.put("hash", checkpoint.hash());
		cp.put("signedAt", checkpoint.signedAt().toString());
		cp.put("reason", checkpoint.reason());
		cp.put("algorithm", checkpoint.algorithm());
		cp.put("keyId", checkpoint.keyId());
		cp.put("publicKey", checkpoint.publicKey());
		cp.put("signature", checkpoint.signature());
		Map<String, Object> trailer = new LinkedHashMap<>();
		trailer.put("bundle", BUNDLE);
		trailer.put("manifest", text);
		trailer.put("signature", signature);
		trailer.put("checkpoint", cp);
		return (json.writeValueAsString(trailer) + "\n").getBytes(StandardCharsets.UTF_8);
	}

}
