package io.numshield.audit.replica;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt at a read, on the server {@link Reads} chose: its connections, and how
 * fresh its data is. A read that fails on the replica is run again on the primary unless
 * it has {@link #settle() settled}: once it wrote its ACCESS entry or sent a byte,
 * running it again would record or send it twice.
 */
public final class Source {

	private final JdbcTemplate jdbc;

	private final Freshness freshness;

	private volatile boolean settled;

	Source(JdbcTemplate jdbc, Freshness freshness) {
		this.jdbc = jdbc;
		this.freshness = freshness;
	}

	/**
	 * The chosen server's connections (a server-side cursor inside {@link #inSnapshot},
	 * when the template has a fetch size).
	 */
	public JdbcTemplate jdbc() {
		return jdbc;
	}

	public Freshness freshness() {
		return freshness;
	}

	/**
	 * Runs the work in one read-only transaction that sees one snapshot (repeatable read,
	 * which a hot standby allows): a count and the rows it counted agree.
	 */
	public <T> T inSnapshot(TransactionCallback<T> work) {
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
		template.setReadOnly(true);
		template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		return template.execute(work);
	}

	/**
	 * From here on a failure is the answer's own: the read is not run again elsewhere.
	 */
	public void settle() {
		settled = true;
	}

	boolean settled() {
		return settled;
	}

}
