package io.numshield.gateway.system;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.core.redis.RedisKeys;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redisson client (explicit {@link StringCodec}, built from {@code numshield.redis.*}) and the
 * protector that encrypts API-key secrets. The gateway does not use service-support: that module
 * brings the services' servlet security, which would guard the gateway with the internal token.
 */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedissonClient redissonClient(RedisProperties properties) {
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		String[] nodes = properties.url().split(",");
		if (nodes.length > 1) {
			config.useClusterServers()
				.addNodeAddress(nodes)
				.setMasterConnectionPoolSize(properties.connectionPoolSize())
				.setTimeout((int) properties.timeout().toMillis());
		}
		else {
			config.useSingleServer()
				.setAddress(properties.url())
				.setConnectionPoolSize(properties.connectionPoolSize())
				.setConnectionMinimumIdleSize(Math.min(8, properties.connectionPoolSize()))
				.setTimeout((int) properties.timeout().toMillis());
		}
		return Redisson.create(config);
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

	@Bean
	PersonalDataProtector personalDataProtector(ProtectionProperties properties) {
		return new PersonalDataProtector(
				ProtectionKeys.configured(properties.aeadKeyset(), properties.blindIndexKey(), properties.dir()));
	}
}
