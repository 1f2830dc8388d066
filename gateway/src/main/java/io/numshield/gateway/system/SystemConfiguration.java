package io.numshield.gateway.system;

import io.numshield.core.redis.RedisEndpoint;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.ScriptConnection;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SubscriptionMode;
import org.redisson.config.SslVerificationMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis clients, both built from {@code numshield.redis.*} with its credentials and TLS check:
 * the edge script's pipelined {@link ScriptConnection} (the core's, as the services', ADR 0009: every
 * hot request runs that script) and the Redisson client (explicit {@link StringCodec}) for the rest,
 * the API-key ledger's audit entries. The gateway does not use service-support: that module brings the
 * services' servlet security, which would guard the gateway with the internal token, and the
 * personal-data keys, which the gateway must not hold.
 */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedissonClient redissonClient(RedisProperties properties) {
		return Redisson.create(config(properties));
	}

	/** The edge script's connection (ADR 0009): the same endpoint, timeout and TLS check as {@link #config}; closed with the context. */
	@Bean(destroyMethod = "close")
	ScriptConnection scriptConnection(RedisProperties properties) {
		return ScriptConnection.open(RedisEndpoint.parse(properties.url(), properties.username(), properties.password()),
				properties.timeout(), properties.tls().verifyHostname(), properties.tls().caFile());
	}

	/** As service-support's {@code RedisConfiguration.config}: addresses, credentials, TLS check. */
	static Config config(RedisProperties properties) {
		RedisEndpoint endpoint = RedisEndpoint.parse(properties.url(), properties.username(), properties.password());
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		BaseConfig<?> server;
		if (endpoint.nodes().size() > 1) {
			// reads from the masters: the scripts write there (Lettuce) and a replica's copy may lag;
			// the slot map every second, so that a replica promoted after its master died is used soon
			server = config.useClusterServers()
				.addNodeAddress(endpoint.nodes().toArray(String[]::new))
				.setReadMode(ReadMode.MASTER)
				.setSubscriptionMode(SubscriptionMode.MASTER)
				.setScanInterval(1000)
				.setMasterConnectionPoolSize(properties.connectionPoolSize())
				.setMasterConnectionMinimumIdleSize(Math.min(8, properties.connectionPoolSize()))
				// no reads go to the replicas (above): Redisson keeps connections to them all the same
				.setSlaveConnectionPoolSize(1)
				.setSlaveConnectionMinimumIdleSize(1)
				.setTimeout((int) properties.timeout().toMillis());
		}
		else {
			server = config.useSingleServer()
				.setAddress(endpoint.nodes().get(0))
				.setConnectionPoolSize(properties.connectionPoolSize())
				.setConnectionMinimumIdleSize(Math.min(8, properties.connectionPoolSize()))
				.setTimeout((int) properties.timeout().toMillis());
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
	RedisKeyPrefix redisKeyPrefix(RedisProperties properties) {
		return new RedisKeyPrefix(properties.keyPrefix());
	}

	/** The services' key layout: where the gateway's own audit entries go (the shard streams). */
	@Bean
	RedisKeys redisKeys(RedisProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}
}
