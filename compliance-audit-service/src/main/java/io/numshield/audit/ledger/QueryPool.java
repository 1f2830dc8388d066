package io.numshield.audit.ledger;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The connection pool of regulators' long questions (verify, events, checkpoints): same
 * database and role as the service's own pool ({@code spring.datasource.*}), but its own
 * connections ({@code numshield.audit.query.pool-size}), so that a slow export or
 * verification never holds a connection that ingestion needs. Not a {@code DataSource}
 * bean: the service's pool stays the one that Spring Boot configures for Flyway,
 * ingestion and health.
 */
@Component
public class QueryPool implements DisposableBean {

	private static final int FETCH = 2_000;

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private final DataSourceTransactionManager transactions;

	QueryPool(DataSourceProperties database, QueryProperties properties) {
		this.pool = new HikariDataSource();
		pool.setPoolName("audit-queries");
		pool.setJdbcUrl(database.determineUrl());
		pool.setUsername(database.determineUsername());
		pool.setPassword(database.determinePassword());
		pool.setMaximumPoolSize(properties.poolSize());
		pool.setMinimumIdle(0);
		pool.setConnectionTimeout(3_000);
		this.jdbc = new JdbcTemplate(pool);
		jdbc.setFetchSize(FETCH);
		this.transactions = new DataSourceTransactionManager(pool);
	}

	/**
	 * Streams with a server-side cursor (fetch size): use it inside
	 * {@link #inTransaction}.
	 */
	public JdbcTemplate jdbc() {
		return jdbc;
	}

	/**
	 * Runs the work in one transaction of this pool that sees one snapshot of the whole
	 * question (repeatable read): a count and the rows it counted agree, and so do ledger
	 * and holdings. Read-write only for what a question writes to temporary tables.
	 */
	public <T> T inTransaction(boolean readOnly, TransactionCallback<T> work) {
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setReadOnly(readOnly);
		template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		return template.execute(work);
	}

	@Override
	public void destroy() {
		pool.close();
	}

}
