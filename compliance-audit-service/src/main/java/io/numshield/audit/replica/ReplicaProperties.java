package io.numshield.audit.replica;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * A streaming replica of the ledger's database for regulators' reads
 * ({@code numshield.audit.replica.*}, environment {@code NUMSHIELD_AUDIT_REPLICA_URL},
 * {@code _USER}, {@code _PASSWORD}, {@code _MAX_LAG} and so on). Without a URL every read
 * goes to the primary.
 *
 * @param url JDBC URL of the ledger's database on the replica; empty: no replica
 * @param username role on the replica; empty: the service's own
 * ({@code spring.datasource.username}, which the replica has by replication)
 * @param password its password; empty when the username is empty: the service's own
 * @param maxLag a replica further behind the primary than this is not read from: the read
 * goes to the primary (a regulator gets data at most this stale)
 * @param poolSize connections to the replica (trace, party search and exports share them)
 * @param connectTimeout how long a read waits for a replica connection before it reads
 * from the primary
 * @param retryInterval after the replica could not be reached, reads go to the primary
 * for this long before the replica is tried again, so that only one read in each interval
 * waits for it
 */
@Validated
@ConfigurationProperties("numshield.audit.replica")
public record ReplicaProperties(String url, String username, String password, @NotNull Duration maxLag,
		@Min(1) int poolSize, @NotNull Duration connectTimeout, @NotNull Duration retryInterval) {

	/** Whether a replica is configured. */
	public boolean configured() {
		return url != null && !url.isBlank();
	}
}
