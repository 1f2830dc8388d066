package io.numshield.audit.query;

import io.numshield.audit.replica.Reads;
import io.numshield.audit.replica.Reads.Served;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.identity.IdType;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.support.security.CallerIdentity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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
			+ "expires_at, released_at, release_reason, valid_from, coalesce(valid_to, expires_at) AS held_until, parties, "
			+ "industrial_id";

	private final JdbcTemplate jdbc;

	private final PersonalDataProtector protector;

	private final AccessLog access;

	private final Reads reads;

	private final ObjectMapper json;

	Investigations(JdbcTemplate jdbc, PersonalDataProtector protector, AccessLog access, Reads reads,
			ObjectMapper json) {
		this.json = json;
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

	/**
	 * The bindings a real number took part in during the period, and the real-name
	 * reports of it made before the period's end and not run out before its start; or,
	 * given a document instead of ({@code party} null) or besides the number, the reports
	 * of that document too.
	 */
	public Served<PartyFindings> partySearch(CallerIdentity caller, @Nullable RealNumber party,
			@Nullable Document document, Instant from, Instant to, String reason) {
		String index = party == null ? null : protector.blindIndex(party);
		String documentIndex = document == null ? null : protector.blindIndex(document.type(), document.number());
		// the overlap is written without the range operator on purpose: PostgreSQL then
		// always takes the selective btree indexes of the blind indexes (with && it
		// sometimes scanned the GiST index of a whole month instead: bench/audit.sh,
		// docs/benchmarks.md)
		Served<PartyFindings> served = reads.read(jdbc, source -> new PartyFindings(
				index == null ? List.of()
						: source.jdbc()
							.query("SELECT " + HOLDER_COLUMNS
									+ " FROM holding WHERE (party_a_index = ? OR party_b_index = ?) AND valid_from < ? "
									+ "AND coalesce(valid_to, expires_at) > ? ORDER BY valid_from, binding_id",
									this::holder, index, index, Timestamp.from(to), Timestamp.from(from)),
				reports(source.jdbc(), index, documentIndex, from, to),
				index == null ? List.of() : groups(source.jdbc(), index, from, to)));
		Map<String, String> criteria = new java.util.TreeMap<>(Map.of("from", from.toString(), "to", to.toString()));
		if (party != null) {
			criteria.put("party", party.masked());
		}
		if (document != null) {
			criteria.put("document", document.type() + " " + Identity.maskedDocument(document.number()));
		}
		// the ACCESS entry names every binding revealed, a group's too
		List<Holder> revealed = new ArrayList<>(served.value().holders());
		served.value().groups().forEach(g -> revealed.addAll(g.bindings()));
		access.record(caller, "party-search", reason, null, index != null ? index : documentIndex, criteria,
				new Served<>(revealed, served.freshness()), served.value().identityReports());
		return served;
	}

	/**
	 * The holdings of these bindings, on the primary, parties decrypted: what a case file
	 * reveals to its opener, who records the look-up (case files, ADR 0030).
	 */
	public List<Holder> holdersOf(List<String> bindingIds) {
		if (bindingIds.isEmpty()) {
			return List.of();
		}
		return jdbc.query("SELECT " + HOLDER_COLUMNS + " FROM holding WHERE binding_id = ANY (?) "
				+ "ORDER BY valid_from, binding_id", this::holder, (Object) bindingIds.toArray(String[]::new));
	}

	/** An identity document searched for: its type and normalised number. */
	public record Document(IdType type, String number) {
	}

	/**
	 * The IDENTITY_REPORTED entries of a phone's or a document's blind index (partial
	 * indexes of migration V11), decrypted, oldest first.
	 */
	private List<ReportedIdentity> reports(JdbcTemplate source, @Nullable String phoneIndex,
			@Nullable String documentIndex, Instant from, Instant to) {
		List<ReportedIdentity> found = new ArrayList<>();
		if (phoneIndex != null) {
			found.addAll(source.query(REPORTS + "party_a_index = ? AND occurred_at < ? ORDER BY occurred_at",
					this::report, phoneIndex, Timestamp.from(to)));
		}
		if (documentIndex != null) {
			source
				.query(REPORTS + "(details::jsonb ->> 'idIndex') = ? AND occurred_at < ? ORDER BY occurred_at",
						this::report, documentIndex, Timestamp.from(to))
				.stream()
				.filter(r -> found.stream().noneMatch(f -> f.reportId().equals(r.reportId())))
				.forEach(found::add);
		}
		return found.stream().filter(r -> r.validUntil() == null || r.validUntil().isAfter(from)).toList();
	}

	/**
	 * The periods in which a phone was a member of an AXG group that overlap [from, to),
	 * each with the group's AXG bindings held during it: the groups are found by the
	 * member's blind index in the {@code GROUP_*} entries' {@code memberIndexes} (partial
	 * GIN index, migration V13), and their entries folded in order (an addition names
	 * members already in, a removal members not in: only a change of membership counts).
	 */
	private List<GroupMembership> groups(JdbcTemplate source, String index, Instant from, Instant to) {
		List<String> ids = source
			.queryForList("SELECT DISTINCT (details::jsonb) ->> 'groupId' FROM ledger WHERE type IN "
					+ "('GROUP_CREATED', 'GROUP_MEMBERS_ADDED', 'GROUP_MEMBERS_REMOVED') AND string_to_array((details::jsonb) "
					+ "->> 'memberIndexes', ',') @> ARRAY[?::text] AND occurred_at < ?", String.class, index,
					Timestamp.from(to));
		if (ids.isEmpty()) {
			return List.of();
		}
		List<GroupMembership> periods = new ArrayList<>();
		Map<String, GroupMembership> open = new java.util.HashMap<>();
		source.query(
				"SELECT type, occurred_at, platform_id, order_id, details FROM ledger WHERE type IN "
						+ "('GROUP_CREATED', 'GROUP_MEMBERS_ADDED', 'GROUP_MEMBERS_REMOVED', 'GROUP_DELETED') "
						+ "AND ((details::jsonb) ->> 'groupId') = ANY (?) AND occurred_at < ? ORDER BY seq",
				(ResultSet rs) -> {
					JsonNode details = json.readTree(rs.getString("details"));
					String groupId = details.path("groupId").asString();
					String type = rs.getString("type");
					Instant at = instant(rs, "occurred_at");
					boolean named = List.of(details.path("memberIndexes").asString("").split(",")).contains(index);
					GroupMembership current = open.get(groupId);
					if (current == null && named && !type.equals("GROUP_MEMBERS_REMOVED")
							&& !type.equals("GROUP_DELETED")) {
						open.put(groupId, new GroupMembership(groupId, rs.getString("platform_id"),
								rs.getString("order_id"), at, null, List.of()));
					}
					else if (current != null
							&& (type.equals("GROUP_DELETED") || (named && type.equals("GROUP_MEMBERS_REMOVED")))) {
						open.remove(groupId);
						periods.add(new GroupMembership(groupId, current.platformId(), current.orderId(),
								current.memberFrom(), at, List.of()));
					}
				}, (Object) ids.toArray(String[]::new), Timestamp.from(to));
		periods.addAll(open.values());
		List<GroupMembership> found = new ArrayList<>();
		for (GroupMembership p : periods) {
			if (p.memberUntil() != null && !p.memberUntil().isAfter(from)) {
				continue;
			}
			Instant start = p.memberFrom().isAfter(from) ? p.memberFrom() : from;
			// the change that ended the membership counts with it, to its millisecond: a
			// binding made in the same millisecond was still reachable
			Instant until = p.memberUntil() == null ? null : p.memberUntil().plusMillis(1);
			Instant end = until != null && until.isBefore(to) ? until : to;
			List<Holder> bindings = source.query("SELECT " + HOLDER_COLUMNS + " FROM holding WHERE group_id = ? "
					+ "AND valid_from < ? AND coalesce(valid_to, expires_at) > ? ORDER BY valid_from, binding_id",
					this::holder, p.groupId(), Timestamp.from(end), Timestamp.from(start));
			found.add(new GroupMembership(p.groupId(), p.platformId(), p.orderId(), p.memberFrom(), p.memberUntil(),
					bindings));
		}
		found.sort(java.util.Comparator.comparing(GroupMembership::memberFrom));
		return found;
	}

	private static final String REPORTS = "SELECT platform_id, occurred_at, details FROM ledger "
			+ "WHERE type = 'IDENTITY_REPORTED' AND ";

	private ReportedIdentity report(ResultSet rs, int row) throws SQLException {
		JsonNode details = json.readTree(rs.getString("details"));
		Identity identity = protector.decryptIdentity(details.get("identity").asString());
		String validUntil = details.path("validUntil").asString("");
		return new ReportedIdentity(details.get("reportId").asString(), rs.getString("platform_id"),
				instant(rs, "occurred_at"),
				validUntil.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(validUntil)), identity.phone().e164(),
				identity.name(), identity.idType().name(), identity.idNumber());
	}

	private Holder holder(ResultSet rs, int row) throws SQLException {
		List<RealNumber> parties = protector.decryptParties(rs.getString("parties"));
		return new Holder(rs.getString("binding_id"), rs.getString("platform_id"), rs.getString("order_id"),
				rs.getString("virtual_number"), rs.getString("mode"), instant(rs, "leased_at"),
				instant(rs, "expires_at"), instant(rs, "released_at"), rs.getString("release_reason"),
				instant(rs, "valid_from"), instant(rs, "held_until"), parties.get(0).e164(),
				parties.size() > 1 ? parties.get(1).e164() : null, rs.getString("industrial_id"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

}
