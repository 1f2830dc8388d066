package io.numshield.gateway.system;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redisson client (explicit {@link StringCodec}, built from {@code numshield.redis.*}). The
 * gateway does not use service-support: that module brings the services' servlet security, which
 * would guard the gateway with the internal token, and the personal-data keys, which the gateway
 * must not hold.
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
}
