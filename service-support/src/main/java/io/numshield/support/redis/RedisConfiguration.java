package io.numshield.support.redis;

import io.numshield.core.redis.RedisEndpoint;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.ScriptConnection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SubscriptionMode;
import org.redisson.config.SslVerificationMode;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Builds the RedissonClient, and the lease scripts' Lettuce connection
 * ({@link ScriptConnection}, ADR 0009), from {@code numshield.redis.*} (not from
 * {@code spring.data.redis.*}), with {@link StringCodec} as the default codec: Redisson's
 * own default cannot read what a Lua script or another service wrote. Credentials (ACL
 * user and password) and TLS are settings too. The services and the gateway take it alike
 * (ADR 0017); each bean but the key layout's stands back for one of the application's
 * own.
 */
@AutoConfiguration
@EnableConfigurationProperties(RedisProperties.class)
public class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	RedissonClient redissonClient(RedisProperties properties) {
		return Redisson.create(config(properties));
	}

	/**
	 * The client's configuration: the addresses and credentials of
	 * {@link RedisEndpoint#parse} (the nodes carry no credentials, so Redisson cannot log
	 * them), and for {@code rediss://} the certificate check of
	 * {@code numshield.redis.tls.*}, never off.
	 */
	static Config config(RedisProperties properties) {
		RedisEndpoint endpoint = RedisEndpoint.parse(properties.url(), properties.username(), properties.password());
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		if (properties.nettyThreads() > 0) {
			config.setNettyThreads(properties.nettyThreads());
		}
		BaseConfig<?> server;
		if (endpoint.nodes().size() > 1) {
			// Redis Cluster: every script touches one shard's hash tag, so one slot
			// reads from the masters: the scripts write there (Lettuce) and a replica's
			// copy may lag;
			// the slot map every second, so that a replica promoted after its master died
			// is used soon
			server = config.useClusterServers()
				.addNodeAddress(endpoint.nodes().toArray(String[]::new))
				.setReadMode(ReadMode.MASTER)
				.setSubscriptionMode(SubscriptionMode.MASTER)
				.setScanInterval(1000)
				.setMasterConnectionPoolSize(properties.connectionPoolSize())
				.setMasterConnectionMinimumIdleSize(Math.min(8, properties.connectionPoolSize()))
				// no reads go to the replicas (above): Redisson keeps connections to them
				// all the same
				.setSlaveConnectionPoolSize(1)
				.setSlaveConnectionMinimumIdleSize(1)
				.setTimeout((int) properties.timeout().toMillis())
				.setRetryAttempts(3);
		}
		else {
			server = config.useSingleServer()
				.setAddress(endpoint.nodes().get(0))
				.setConnectionPoolSize(properties.connectionPoolSize())
				.setConnectionMinimumIdleSize(Math.min(8, properties.connectionPoolSize()))
				.setTimeout((int) properties.timeout().toMillis())
				.setRetryAttempts(3);
		}
		server.setUsername(endpoint.username());
		server.setPassword(endpoint.password());
		if (endpoint.tls()) {
			server.setSslVerificationMode(
					properties.tls().verifyHostname() ? SslVerificationMode.STRICT : SslVerificationMode.CA_ONLY);
			if (properties.tls().caFile() != null) {
				server.setSslTrustManagerFactory(RedisEndpoint.trustOnly(properties.tls().caFile()));
			}
		}
		return config;
	}

	@Bean
	@ConditionalOnMissingBean
	RedisKeys redisKeys(RedisProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	/**
	 * The lease scripts' own pipelined connection (ADR 0009), closed with the context.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ScriptConnection scriptConnection(RedisProperties properties) {
		return openScriptConnection(properties);
	}

	/**
	 * The core's {@link ScriptConnection} from {@code numshield.redis.*}: the same
	 * endpoint, timeout and TLS check as {@link #config}.
	 */
	public static ScriptConnection openScriptConnection(RedisProperties properties) {
		return ScriptConnection.open(
				RedisEndpoint.parse(properties.url(), properties.username(), properties.password()),
				properties.timeout(), properties.tls().verifyHostname(), properties.tls().caFile());
	}

	@Bean
	@ConditionalOnMissingBean
	LeaseScripts leaseScripts(ScriptConnection connection, RedisProperties properties) {
		return new LeaseScripts(connection, properties.durability());
	}

	/**
	 * Up when both clients reach Redis: Redisson's (everything else) and the scripts'
	 * connection (the hot paths). Off with {@code management.health.redis.enabled=false}
	 * (the gateway's health never had it).
	 */
	@Bean
	@ConditionalOnEnabledHealthIndicator("redis")
	HealthIndicator redisHealthIndicator(RedissonClient redisson, ScriptConnection scripts,
			RedisProperties properties) {
		return () -> {
			try {
				Object pong = redisson.getScript(StringCodec.INSTANCE)
					.eval(RScript.Mode.READ_ONLY, "return redis.call('PING')", RScript.ReturnType.STRING);
				String scriptsPong = scripts.ping()
					.toCompletableFuture()
					.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
				return Health.up().withDetail("ping", String.valueOf(pong)).withDetail("scripts", scriptsPong).build();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
			}
			catch (ExecutionException | TimeoutException ex) {
				return Health.down()
					.withDetail("error", (ex.getCause() != null ? ex.getCause() : ex).getClass().getSimpleName())
					.build();
			}
			catch (RuntimeException ex) {
				return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
			}
		};
	}

}
