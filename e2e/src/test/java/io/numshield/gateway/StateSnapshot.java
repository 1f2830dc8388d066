package io.numshield.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A digest of everything a request could change: each Redis key under the run's prefix
 * (its contents; for a stream, the id of the last entry ever added, which reading,
 * acknowledging and trimming leave alone) and each table of each database (its rows). Two
 * snapshots are compared to prove that a refused request changed nothing. Left out: what
 * a refusal is meant to change and what changes on its own clock ({@link #VOLATILE_KEY}),
 * and of the audit database everything but the ACCESS entries (the rest is written by
 * ingestion and checkpoints, from streams whose last ids are compared instead).
 */
final class StateSnapshot {

	/**
	 * Keys, after the run's prefix, that a refusal is meant to change or that change on
	 * their own clock: the gateway's nonces and rate buckets, each caller's call-rate
	 * counter (it expires), sweep locks, and the callback queues (retried on a schedule).
	 * Also under a longer prefix: the keys of a set of services another test started on a
	 * prefix of its own inside the run's ({@link SeveralInstancesIT}'s {@code x2:}),
	 * whose sweep locks still expire after those services stopped.
	 */
	static final Pattern VOLATILE_KEY = Pattern.compile(
			"([a-z0-9]+:)*(gw:nonces?:.*|gw:rate:.*|gw:gcra:.*|\\{\\d+}:(cr:.*|sweep-lock|cbq|cbd|cbh:.*|cbdead|cbdeadwhy|cbdeadat|cs:.*))");

	/**
	 * What the audit service writes by itself (ingestion, checkpoints): only its ACCESS
	 * entries are compared.
	 */
	private static final String AUDIT_QUERY = "SELECT count(*) || ':' || coalesce(md5(string_agg(event_id, ',' ORDER BY event_id)), '') "
			+ "FROM ledger WHERE type = 'ACCESS'";

	private static final Pattern VOLATILE_TABLE = Pattern.compile("flyway_schema_history");

	private static final String SCRIPT = """
			local out = {}
			local keys = redis.call('KEYS', ARGV[1] .. '*')
			for _, key in ipairs(keys) do
			  local kind = redis.call('TYPE', key).ok
			  local parts = {kind}
			  if kind == 'string' then
			    parts[2] = redis.call('GET', key)
			  elseif kind == 'hash' then
			    local flat = redis.call('HGETALL', key)
			    local items = {}
			    for i = 1, #flat, 2 do items[#items + 1] = flat[i] .. '\\0' .. flat[i + 1] end
			    table.sort(items)
			    parts[2] = table.concat(items, '\\1')
			  elseif kind == 'set' then
			    local members = redis.call('SMEMBERS', key)
			    table.sort(members)
			    parts[2] = table.concat(members, '\\1')
			  elseif kind == 'zset' then
			    parts[2] = table.concat(redis.call('ZRANGE', key, 0, -1, 'WITHSCORES'), '\\1')
			  elseif kind == 'list' then
			    parts[2] = table.concat(redis.call('LRANGE', key, 0, -1), '\\1')
			  elseif kind == 'stream' then
			    local info = redis.call('XINFO', 'STREAM', key)
			    for i = 1, #info, 2 do
			      if info[i] == 'last-generated-id' or info[i] == 'entries-added' then
			        parts[#parts + 1] = info[i] .. '=' .. tostring(info[i + 1])
			      end
			    end
			  end
			  out[#out + 1] = key
			  out[#out + 1] = redis.sha1hex(table.concat(parts, '\\2'))
			end
			return out
			""";

	private final Map<String, String> digests;

	private StateSnapshot(Map<String, String> digests) {
		this.digests = digests;
	}

	/**
	 * Opens what {@link Reader#take()} reads: Redis under {@code prefix}, every table of
	 * {@code databases} (JDBC URLs), and the ACCESS entries of the ledger in
	 * {@code auditDatabase}; one connection per database for as long as the reader is
	 * open (a run takes a snapshot after every request).
	 */
	static Reader reader(RedissonClient redis, String prefix, List<String> databases, String auditDatabase, String user,
			String password) {
		List<Connection> opened = new ArrayList<>();
		try {
			for (String url : databases) {
				opened.add(DriverManager.getConnection(url, user, password));
			}
			opened.add(DriverManager.getConnection(auditDatabase, user, password));
		}
		catch (SQLException ex) {
			opened.forEach(Reader::closeQuietly);
			throw new IllegalStateException("cannot open the databases to compare", ex);
		}
		return new Reader(redis, prefix, databases, opened);
	}

	/** Takes snapshots over connections it keeps open. */
	static final class Reader implements AutoCloseable {

		private final RedissonClient redis;

		private final String prefix;

		private final List<String> databases;

		/** One per database of {@link #databases}, then the audit database's. */
		private final List<Connection> connections;

		private Reader(RedissonClient redis, String prefix, List<String> databases, List<Connection> connections) {
			this.redis = redis;
			this.prefix = prefix;
			this.databases = databases;
			this.connections = connections;
		}

		StateSnapshot take() {
			Map<String, String> digests = new TreeMap<>();
			List<Object> flat = redis.getScript(StringCodec.INSTANCE)
				.eval(RScript.Mode.READ_ONLY, SCRIPT, RScript.ReturnType.LIST, List.of(), prefix);
			for (int i = 0; i + 1 < flat.size(); i += 2) {
				String key = String.valueOf(flat.get(i));
				if (!VOLATILE_KEY.matcher(key.substring(Math.min(prefix.length(), key.length()))).matches()) {
					digests.put("redis " + key, String.valueOf(flat.get(i + 1)));
				}
			}
			try (Statement statement = connections.get(databases.size()).createStatement();
					ResultSet rs = statement.executeQuery(AUDIT_QUERY)) {
				rs.next();
				digests.put("ACCESS entries", rs.getString(1));
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot read the audit database", ex);
			}
			for (int d = 0; d < databases.size(); d++) {
				String url = databases.get(d);
				String name = url.substring(url.lastIndexOf('/') + 1);
				try (Statement statement = connections.get(d).createStatement()) {
					// every table whole, a partitioned one through its parent only;
					// all digests in one round trip
					List<String> tables = new ArrayList<>();
					try (ResultSet rs = statement.executeQuery("SELECT n.nspname || '.' || c.relname FROM pg_class c "
							+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
							+ "AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
							+ "AND n.nspname NOT LIKE 'pg_toast%'")) {
						while (rs.next()) {
							String table = rs.getString(1);
							if (!VOLATILE_TABLE.matcher(table.substring(table.indexOf('.') + 1)).matches()) {
								tables.add(table);
							}
						}
					}
					if (tables.isEmpty()) {
						continue;
					}
					String query = String.join(" UNION ALL ", tables.stream()
						.map(table -> "SELECT '" + table + "', count(*) || ':' || "
								+ "coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM " + table + " t")
						.toList());
					try (ResultSet rs = statement.executeQuery(query)) {
						while (rs.next()) {
							digests.put("table " + name + " " + rs.getString(1), rs.getString(2));
						}
					}
				}
				catch (SQLException ex) {
					throw new IllegalStateException("cannot read " + url, ex);
				}
			}
			return new StateSnapshot(digests);
		}

		@Override
		public void close() {
			connections.forEach(Reader::closeQuietly);
		}

		private static void closeQuietly(Connection connection) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// the run is over
			}
		}

	}

	/** What differs from {@code before}: keys and tables added, removed or changed. */
	List<String> differencesFrom(StateSnapshot before) {
		List<String> out = new ArrayList<>();
		TreeSet<String> names = new TreeSet<>(digests.keySet());
		names.addAll(before.digests.keySet());
		for (String name : names) {
			String was = before.digests.get(name);
			String is = digests.get(name);
			if (was == null) {
				out.add("added " + name);
			}
			else if (is == null) {
				out.add("removed " + name);
			}
			else if (!was.equals(is)) {
				out.add("changed " + name);
			}
		}
		return out;
	}

}
