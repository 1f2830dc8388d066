package io.numshield.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs the chain head with the {@link LedgerSigningKey} and keeps the result in
 * {@code ledger_checkpoint} (append-only). A regulator who holds the public key and a
 * checkpoint can tell, from an export alone, that the chain up to that seq is the one the
 * service had then: rewriting the ledger and recomputing every hash no longer goes
 * unnoticed. The signed message is {@link Checkpoint#message()}.
 */
@Component
public class Checkpoints {

	/**
	 * The advisory lock that serialises signing across instances (the chain's is
	 * 700_700_700).
	 */
	private static final long CHECKPOINT_LOCK = 700_700_701L;

	/** Why a checkpoint was signed. */
	public enum Reason {

		SCHEDULE, RETENTION

	}

	/** One signed chain head. */
	public record Checkpoint(long seq, String hash, Instant signedAt, String reason, String algorithm, String keyId,
			String publicKey, String signature) {

		/** What the signature covers: UTF-8 of these five lines, joined by "\n". */
		public String message() {
			return String.join("\n", "numshield-ledger-checkpoint/1", Long.toString(seq), hash, signedAt.toString(),
					reason);
		}
	}

	private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

	private final JdbcTemplate jdbc;

	private final LedgerSigningKey key;

	private final Clock clock;

	Checkpoints(JdbcTemplate jdbc, LedgerSigningKey key, Clock clock) {
		this.jdbc = jdbc;
		this.key = key;
		this.clock = clock;
	}

	/**
	 * Signs the current head. A scheduled checkpoint is skipped while the head is the one
	 * the last checkpoint signed; a retention cut is always signed. Answers the
	 * checkpoint, or null if none was written (an empty ledger, or nothing new).
	 * Serialised by an advisory lock of its own, so that instances signing at the same
	 * moment do not each sign the same head (the look at the last checkpoint and the
	 * insert are one step); the chain's own lock is not taken, so ingestion never waits
	 * for a signature.
	 */
	@Transactional
	public Checkpoint sign(Reason reason) {
		jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, CHECKPOINT_LOCK);
		List<Map<String, Object>> head = jdbc.queryForList("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
		if (head.isEmpty()) {
			return null;
		}
		long seq = ((Number) head.get(0).get("seq")).longValue();
		String hash = ((String) head.get(0).get("hash")).trim();
		if (reason == Reason.SCHEDULE) {
			List<Long> last = jdbc.queryForList(
					"SELECT seq FROM ledger_checkpoint ORDER BY signed_at DESC, seq DESC LIMIT 1", Long.class);
			if (!last.isEmpty() && last.get(0) == seq) {
				return null;
			}
		}
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Checkpoint unsigned = new Checkpoint(seq, hash, now, reason.name(), LedgerSigningKey.ALGORITHM, key.keyId(),
				key.publicKeyPem(), null);
		String signature = Base64.getEncoder()
			.encodeToString(key.sign(unsigned.message().getBytes(StandardCharsets.UTF_8)));
		jdbc.update(
				"INSERT INTO ledger_checkpoint (seq, hash, signed_at, reason, algorithm, key_id, public_key, signature) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				seq, hash, Timestamp.from(now), reason.name(), unsigned.algorithm(), unsigned.keyId(),
				unsigned.publicKey(), signature);
		log.debug("checkpoint {} at seq {}", reason, seq);
		return new Checkpoint(seq, hash, now, reason.name(), unsigned.algorithm(), unsigned.keyId(),
				unsigned.publicKey(), signature);
	}

	/** The checkpoints signed in [from, to), oldest first. */
	public List<Checkpoint> between(JdbcTemplate reader, Instant from, Instant to) {
		return reader.query(
				"SELECT * FROM ledger_checkpoint WHERE signed_at >= ? AND signed_at < ? ORDER BY signed_at, seq",
				(rs, i) -> new Checkpoint(rs.getLong("seq"), rs.getString("hash").trim(),
						rs.getTimestamp("signed_at").toInstant(), rs.getString("reason"), rs.getString("algorithm"),
						rs.getString("key_id"), rs.getString("public_key"), rs.getString("signature")),
				Timestamp.from(from), Timestamp.from(to));
	}

}
