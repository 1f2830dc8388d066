package io.numshield.audit.query;

import io.numshield.audit.replica.Reads;
import io.numshield.audit.replica.Reads.Served;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.support.security.CallerIdentity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The two questions that reveal full numbers, each recorded as an ACCESS entry (committed
 * on the primary) before the answer is returned: who held a virtual number at an instant
 * (an AXB number can have several holders), and in which bindings a real number took part
 * during a period (found by its blind index; the number itself is never stored or
 * searched in clear). The question itself is read where {@link Reads} says: the replica
 * when it is close enough behind, else the primary.
 */
@Service
public class Investigations {

	private static final String HOLDER_COLUMNS = "binding_id, platform_id, order_id, virtual_number, mode, leased_at, "
			+ "expires_at, released_at, release_reason, valid_from, coalesce(valid_to, expires_at) AS held_until, parties";

	private final JdbcTemplate jdbc;

	private final PersonalDataProtector protector;

	private final AccessLog access;

	private final Reads reads;

	Investigations(JdbcTemplate jdbc, PersonalDataProtector protector, AccessLog access, Reads reads) {
		this.jdbc = jdbc;
		this.protector = protector;
		this.access = access;
		this.reads = reads;
	}

	public Served<List<Holder>> trace(CallerIdentity caller, VirtualNumber number, Instant at, String reason) {
		// valid_from <= at follows from held @> at, and lets PostgreSQL skip the later
		// months' partitions
		Timestamp instant = Timestamp.from(at);
		Served<List<Holder>> served = reads.read(jdbc,
				source -> source.jdbc()
					.query("SELECT " + HOLDER_COLUMNS
							+ " FROM holding WHERE virtual_number = ? AND held @> ?::timestamptz AND valid_from <= ? "
							+ "ORDER BY valid_from, binding_id", this::holder, number.digits(), instant, instant));
		access.record(caller, "trace", reason, number.digits(), null,
				Map.of("virtualNumber", number.digits(), "at", at.toString()), served);
		return served;
	}

	public Served<List<Holder>> partySearch(CallerIdentity caller, RealNumber party, Instant from, Instant to,
			String reason) {
		String index = protector.blindIndex(party);
		// the overlap is written without the range operator on purpose: PostgreSQL then
		// always takes the selective btree indexes of the blind indexes (with && it
		// sometimes scanned the GiST index of a whole month instead: bench/audit.sh,
		// docs/benchmarks.md)
		Served<List<Holder>> served = reads.read(jdbc,
				source -> source.jdbc()
					.query("SELECT " + HOLDER_COLUMNS
							+ " FROM holding WHERE (party_a_index = ? OR party_b_index = ?) AND valid_from < ? "
							+ "AND coalesce(valid_to, expires_at) > ? ORDER BY valid_from, binding_id", this::holder,
							index, index, Timestamp.from(to), Timestamp.from(from)));
		access.record(caller, "party-search", reason, null, index,
				Map.of("party", party.masked(), "from", from.toString(), "to", to.toString()), served);
		return served;
	}

	private Holder holder(ResultSet rs, int row) throws SQLException {
		List<RealNumber> parties = protector.decryptParties(rs.getString("parties"));
		return new Holder(rs.getString("binding_id"), rs.getString("platform_id"), rs.getString("order_id"),
				rs.getString("virtual_number"), rs.getString("mode"), instant(rs, "leased_at"),
				instant(rs, "expires_at"), instant(rs, "released_at"), rs.getString("release_reason"),
				instant(rs, "valid_from"), instant(rs, "held_until"), parties.get(0).e164(),
				parties.size() > 1 ? parties.get(1).e164() : null);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

}
