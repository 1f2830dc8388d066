package io.numshield.support.redis;

import io.numshield.core.redis.RedisKeys;

import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Builds the RedissonClient from {@code numshield.redis.*} (not from {@code spring.data.redis.*}),
 * with {@link StringCodec} as the default codec: Redisson's own default cannot read what a Lua
 * script or another service wrote.
 */
@AutoConfiguration
@EnableConfigurationProperties(RedisProperties.class)
public class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	RedissonClient redissonClient(RedisProperties properties) {
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		String[] nodes = properties.url().split(",");
		if (nodes.length > 1) {
			// Redis Cluster: every script touches one shard's hash tag, so one slot
			config.useClusterServers()
				.addNodeAddress(nodes)
				.setMasterConnectionPoolSize(properties.connectionPoolSize())
				.setTimeout((int) properties.timeout().toMillis())
				.setRetryAttempts(3);
		}
		else {
			config.useSingleServer()
				.setAddress(properties.url())
				.setConnectionPoolSize(properties.connectionPoolSize())
				.setConnectionMinimumIdleSize(Math.min(8, properties.connectionPoolSize()))
				.setTimeout((int) properties.timeout().toMillis())
				.setRetryAttempts(3);
		}
		return Redisson.create(config);
	}

	@Bean
	RedisKeys redisKeys(RedisProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	@Bean
	LeaseScripts leaseScripts(RedissonClient redisson) {
		return new LeaseScripts(redisson);
	}

	@Bean
	HealthIndicator redisHealthIndicator(RedissonClient redisson) {
		return () -> {
			try {
				Object pong = redisson.getScript(StringCodec.INSTANCE)
					.eval(RScript.Mode.READ_ONLY, "return redis.call('PING')", RScript.ReturnType.STRING);
				return Health.up().withDetail("ping", String.valueOf(pong)).build();
			}
			catch (RuntimeException ex) {
				return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
			}
		};
	}
}
