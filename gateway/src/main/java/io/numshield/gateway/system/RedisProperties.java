package io.numshield.gateway.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where nonces and rate-limit buckets live, and how to log in (the same names as the services'
 * Redis settings, service-support {@code RedisProperties}).
 *
 * @param url Redis address ({@code NUMSHIELD_REDIS_URL}), {@code redis://host:port}, or
 * {@code rediss://host:port} for TLS; several, comma-separated, for Redis Cluster; may carry
 * credentials, {@code redis://user:password@host:port} (URL-encoded)
 * @param username ACL user ({@code NUMSHIELD_REDIS_USERNAME}); wins over the URL's; none: Redis's {@code default} user
 * @param password password of that user ({@code NUMSHIELD_REDIS_PASSWORD}); wins over the URL's
 * @param tls how a {@code rediss://} server is verified
 * @param keyPrefix prefix of every key ({@code NUMSHIELD_REDIS_KEY_PREFIX})
 * @param connectionPoolSize connections per Redis node of the Redisson client (the edge script's
 * {@code ScriptConnection} pipelines on two)
 * @param timeout how long one command may take, on either client
 */
@Validated
@ConfigurationProperties("numshield.redis")
record RedisProperties(@DefaultValue("redis://127.0.0.1:6379") @NotBlank @Pattern(regexp = "rediss?://.+") String url,
		String username, String password, @DefaultValue @Valid Tls tls,
		@DefaultValue("ns:") @Pattern(regexp = "[A-Za-z0-9:_.-]*") String keyPrefix,
		@DefaultValue("32") int connectionPoolSize, @DefaultValue("3s") Duration timeout) {

	/**
	 * TLS to Redis, used when the URL is {@code rediss://}.
	 *
	 * @param caFile PEM file of the certificates to trust ({@code NUMSHIELD_REDIS_TLS_CA_FILE}); none: the JDK's trust store
	 * @param verifyHostname whether the server's certificate must name the host connected to
	 * ({@code NUMSHIELD_REDIS_TLS_VERIFY_HOSTNAME}); the certificate chain is checked either way
	 */
	record Tls(Path caFile, @DefaultValue("true") boolean verifyHostname) {
	}

	@Override
	public String toString() {
		return "RedisProperties[url=" + url.replaceAll("//[^@/]*@", "//***@") + ", username=" + username
				+ ", password=" + (password == null || password.isEmpty() ? "none" : "***") + ", tls=" + tls
				+ ", keyPrefix=" + keyPrefix + ", connectionPoolSize=" + connectionPoolSize + ", timeout=" + timeout + "]";
	}
}
