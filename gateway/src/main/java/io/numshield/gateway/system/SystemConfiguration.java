package io.numshield.gateway.system;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;

import java.nio.file.Path;

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

	@Bean
	PersonalDataProtector personalDataProtector(ProtectionProperties properties) {
		ProtectionKeys keys;
		if (properties.aeadKeyset() != null && !properties.aeadKeyset().isBlank() && properties.blindIndexKey() != null) {
			keys = ProtectionKeys.of(properties.aeadKeyset(), properties.blindIndexKey());
		}
		else if (properties.dir() != null && !properties.dir().isBlank()) {
			keys = ProtectionKeys.fromDirectory(Path.of(properties.dir()));
		}
		else {
			throw new IllegalStateException("no keys to encrypt API-key secrets: set NUMSHIELD_KEYS_DIR, or "
					+ "NUMSHIELD_KEYS_AEAD_KEYSET and NUMSHIELD_KEYS_BLIND_INDEX_KEY (make run generates a local key directory)");
		}
		return new PersonalDataProtector(keys);
	}
}
