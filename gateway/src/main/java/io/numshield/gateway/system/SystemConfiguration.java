package io.numshield.gateway.system;

import io.numshield.support.redis.RedisProperties;
import io.numshield.support.web.TextRulesModule;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the gateway adds to the parts of service-support it takes (ADR 0017): the Redis
 * clients come from service-support's {@code RedisConfiguration}, built from the same
 * {@code numshield.redis.*} settings as the services' (the edge script's pipelined
 * {@code ScriptConnection}, ADR 0009, and the Redisson client for the API-key ledger's
 * audit entries); here only the gateway's own key layout, and the text rules for the
 * bodies it reads itself. The services' token security, personal-data keys and request
 * advice are not taken: they are for services behind the internal token.
 */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	RedisKeyPrefix redisKeyPrefix(RedisProperties properties) {
		return new RedisKeyPrefix(properties.keyPrefix());
	}

	/**
	 * Every string of a JSON body the gateway reads itself ({@code POST /v1/api-keys})
	 * passes the text rules as it is read, as in the services: a NUL in a description
	 * used to reach PostgreSQL, which refuses it, and the answer was 500.
	 */
	@Bean
	TextRulesModule textRulesModule() {
		return new TextRulesModule();
	}

}
