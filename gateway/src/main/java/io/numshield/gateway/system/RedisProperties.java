package io.numshield.gateway.system;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where nonces and rate-limit buckets live (the same names as the services' Redis settings).
 *
 * @param url Redis address ({@code NUMSHIELD_REDIS_URL}), {@code redis://host:port}; several,
 * comma-separated, for Redis Cluster
 * @param keyPrefix prefix of every key ({@code NUMSHIELD_REDIS_KEY_PREFIX})
 * @param connectionPoolSize connections per Redis node
 * @param timeout how long one command may take
 */
@Validated
@ConfigurationProperties("numshield.redis")
record RedisProperties(@DefaultValue("redis://127.0.0.1:6379") @NotBlank String url,
		@DefaultValue("ns:") @Pattern(regexp = "[A-Za-z0-9:_.-]*") String keyPrefix,
		@DefaultValue("32") int connectionPoolSize, @DefaultValue("3s") Duration timeout) {
}
