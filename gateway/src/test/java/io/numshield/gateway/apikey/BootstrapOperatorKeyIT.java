package io.numshield.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.client.Ns1Signature;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The separate bootstrap: NUMSHIELD_BOOTSTRAP_OPERATOR_KEY may name two operator keys,
 * both stored ACTIVE without approval, each an API_KEY_ISSUED entry by {@code bootstrap};
 * once only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BootstrapOperatorKeyIT {

	@Autowired
	ApiKeys keys;

	@Autowired
	RedissonClient redisson;

	@Autowired
	RedisKeys redisKeys;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.token.signing-key", () -> TestInfrastructure.get().tokenSigningKey().toString());
		registry.add("management.server.port", () -> "0");
	}

	@Test
	void storesTwoCommaSeparatedOperatorKeysOnceEachWithTheirLedgerEntries() {
		String first = "ok_boot_a_" + Long.toString(System.nanoTime(), 36);
		String second = "ok_boot_b_" + Long.toString(System.nanoTime(), 36);
		BootstrapOperatorKey bootstrap = bootstrap(
				first + ":" + Ns1Signature.nonce() + "," + second + ":" + Ns1Signature.nonce());
		String group = "bootstrap-it-" + UUID.randomUUID();
		// a reader of our own keeps the entries from any audit service's trimmer
		VirtualShard.all()
			.forEach(shard -> redisson.getStream(redisKeys.events(shard), StringCodec.INSTANCE)
				.createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.NEWEST).makeStream()));
		try {
			bootstrap.run(null);
			bootstrap.run(null); // a restart with the same setting stores nothing twice

			for (String keyId : List.of(first, second)) {
				assertThat(keys.find(keyId)).isPresent();
				List<Map<String, String>> entries = redisson
					.<String, String>getStream(redisKeys.events(VirtualShard.forKey(keyId)), StringCodec.INSTANCE)
					.range(StreamMessageId.MIN, StreamMessageId.MAX)
					.values()
					.stream()
					.filter(e -> keyId.equals(e.get("keyId")))
					.toList();
				assertThat(entries).singleElement()
					.satisfies(e -> assertThat(e).containsEntry("type", "API_KEY_ISSUED")
						.containsEntry("by", "bootstrap")
						.containsEntry("role", "OPERATOR")
						.containsEntry("status", "ACTIVE"));
			}
		}
		finally {
			VirtualShard.all()
				.forEach(shard -> redisson.getStream(redisKeys.events(shard), StringCodec.INSTANCE).removeGroup(group));
		}
		assertThatThrownBy(() -> bootstrap("ok_only_id").run(null)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("two such");
	}

	private BootstrapOperatorKey bootstrap(String setting) {
		return new BootstrapOperatorKey(keys,
				new ApiKeyProperties(Duration.ofSeconds(2), setting, Duration.ofHours(24)));
	}

}
