package io.numshield.support.redis;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where live state is, and how to log in to it.
 *
 * @param url Redis address ({@code NUMSHIELD_REDIS_URL}), {@code redis://host:port}, or
 * {@code rediss://host:port} for TLS; several, comma-separated, for Redis Cluster; may
 * carry credentials, {@code redis://user:password@host:port} (URL-encoded)
 * @param username ACL user ({@code NUMSHIELD_REDIS_USERNAME}); wins over the URL's; none:
 * Redis's {@code default} user
 * @param password password of that user ({@code NUMSHIELD_REDIS_PASSWORD}, or
 * {@code requirepass}); wins over the URL's
 * @param tls how a {@code rediss://} server is verified
 * @param keyPrefix prefix of every key; isolates deployments and test runs
 * ({@code NUMSHIELD_REDIS_KEY_PREFIX})
 * @param connectionPoolSize connections per Redis node
 * @param timeout how long one command may take before Redisson retries it; the scripts'
 * Lettuce connection ({@link io.numshield.core.redis.ScriptConnection}) fails a script
 * call after as long
 * @param nettyThreads Redisson's event-loop threads
 * ({@code NUMSHIELD_REDIS_NETTY_THREADS}); {@code 0}, the default, keeps Redisson's 32.
 * call-routing sets 2 (a quarter more routes on two cores, docs/benchmarks.md); the audit
 * service stalled with 2 (its stream reads), so it is not a default
 * @param durability how many replicas must have a lease script's change before it is
 * acknowledged
 */
@Validated
@ConfigurationProperties("numshield.redis")
public record RedisProperties(
		@DefaultValue("redis://127.0.0.1:6379") @NotBlank @Pattern(regexp = "rediss?://.+") String url, String username,
		String password, @DefaultValue @Valid Tls tls,
		@DefaultValue("ns:") @Pattern(regexp = "[A-Za-z0-9:_.-]*") String keyPrefix,
		@DefaultValue("64") int connectionPoolSize, @DefaultValue("3s") Duration timeout,
		@DefaultValue("0") @Min(0) int nettyThreads, @DefaultValue @Valid Durability durability) {

	/**
	 * The one the settings bind to (a record with a second constructor has to say which).
	 */
	@ConstructorBinding
	public RedisProperties {
	}

	/**
	 * Without a durability setting: every change acknowledged once its master has it (the
	 * default).
	 */
	public RedisProperties(String url, String username, String password, Tls tls, String keyPrefix,
			int connectionPoolSize, Duration timeout, int nettyThreads) {
		this(url, username, password, tls, keyPrefix, connectionPoolSize, timeout, nettyThreads, Durability.MASTER);
	}

	/**
	 * When a change of a lease script (lease, release, change, expiry, route, call event,
	 * callback, trim, restore) is acknowledged. Redis replicates asynchronously: a master
	 * that dies takes the changes its replicas had not yet received with it, acknowledged
	 * leases and their audit events included. With {@code replicas} &gt; 0 each script is
	 * followed by {@code WAIT replicas timeout} on its own connection
	 * (docs/architecture.md, "Redis Cluster"), and a change that fewer replicas
	 * acknowledged in time fails its request instead.
	 *
	 * @param replicas replicas that must have the change
	 * ({@code NUMSHIELD_REDIS_DURABILITY_REPLICAS}); {@code 0}, the default: the master
	 * alone; {@code 1} with one replica per master: no acknowledged change is lost when a
	 * master dies, and none is taken while its replica is down
	 * @param timeout how long to wait for them
	 * ({@code NUMSHIELD_REDIS_DURABILITY_TIMEOUT})
	 */
	public record Durability(@DefaultValue("0") @Min(0) int replicas, @DefaultValue("1s") Duration timeout) {

		/** Acknowledged once the master has it. */
		public static final Durability MASTER = new Durability(0, Duration.ofSeconds(1));

	}

	/**
	 * TLS to Redis, used when the URL is {@code rediss://}.
	 *
	 * @param caFile PEM file of the certificates to trust
	 * ({@code NUMSHIELD_REDIS_TLS_CA_FILE}); none: the JDK's trust store
	 * @param verifyHostname whether the server's certificate must name the host connected
	 * to ({@code NUMSHIELD_REDIS_TLS_VERIFY_HOSTNAME}); the certificate chain is checked
	 * either way
	 */
	public record Tls(Path caFile, @DefaultValue("true") boolean verifyHostname) {
	}

	@Override
	public String toString() {
		return "RedisProperties[url=" + url.replaceAll("//[^@/]*@", "//***@") + ", username=" + username + ", password="
				+ (password == null || password.isEmpty() ? "none" : "***") + ", tls=" + tls + ", keyPrefix="
				+ keyPrefix + ", connectionPoolSize=" + connectionPoolSize + ", timeout=" + timeout + ", nettyThreads="
				+ nettyThreads + ", durability=" + durability + "]";
	}
}
