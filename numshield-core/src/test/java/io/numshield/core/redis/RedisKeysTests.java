package io.numshield.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisKeysTests {

	private static final String PREFIX = "ns:test:";

	private final RedisKeys keys = new RedisKeys(PREFIX);

	@Test
	void everyShardKeyStartsWithThePrefixAndTheShardHashTag() {
		for (VirtualShard shard : VirtualShard.all()) {
			String base = PREFIX + "{" + shard.tag() + "}:";

			assertThat(keys.shardBase(shard)).isEqualTo(base);
			assertThat(List.of(keys.bindings(shard), keys.events(shard), keys.calls(shard), keys.platforms(shard),
					keys.blocklist(shard), keys.counters(shard), keys.orders(shard, "plat-1"), keys.blocks(shard),
					keys.expiryBuckets(shard), keys.sweepLock(shard)))
				.allSatisfy(key -> assertThat(key).startsWith(base).hasSizeGreaterThan(base.length()))
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void keysOfANumberAndItsBlockLiveOnTheirShard() {
		ManagementNumber block = ManagementNumber.segment700("70012345678");
		VirtualNumber number = block.numberAt(42);
		String base = PREFIX + "{" + block.shard().tag() + "}:";

		assertThat(List.of(keys.routes(number), keys.freeMap(block), keys.load(block), keys.cooling(block)))
			.allSatisfy(key -> assertThat(key).startsWith(base))
			.doesNotHaveDuplicates();
		assertThat(keys.routes(number)).endsWith(number.digits());
		assertThat(keys.freeMap(block)).endsWith(block.digits());
	}

	@Test
	void shardKeysMatchTheLayoutThatLuaBuilds() {
		VirtualShard shard = new VirtualShard(7);

		assertThat(keys.bindings(shard)).isEqualTo("ns:test:{07}:b");
		assertThat(keys.events(shard)).isEqualTo("ns:test:{07}:ev");
		assertThat(keys.calls(shard)).isEqualTo("ns:test:{07}:calls");
		assertThat(keys.auditStreams(shard)).containsExactly("ns:test:{07}:ev", "ns:test:{07}:calls");
		assertThat(keys.routes(VirtualNumber.parse("700000000070001"))).isEqualTo("ns:test:{07}:x:700000000070001");
	}

	@Test
	void everyKeyHasExactlyOneHashTag() {
		VirtualShard shard = new VirtualShard(12);

		assertThat(keys.bindings(shard).chars().filter(c -> c == '{').count()).isEqualTo(1);
		assertThat(keys.bindings(shard).chars().filter(c -> c == '}').count()).isEqualTo(1);
	}

	@Test
	void idempotencyKeysLiveOutsideTheShards() {
		assertThat(keys.idempotency("plat-1", "abc")).isEqualTo(PREFIX + "idem:plat-1:abc").doesNotContain("{");
	}

	@Test
	void emptyPrefixIsAllowed() {
		assertThat(new RedisKeys("").bindings(new VirtualShard(0))).isEqualTo("{00}:b");
		assertThat(keys.prefix()).isEqualTo(PREFIX);
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "{ns}:", "ns{", "ns}", "{}" })
	void refusesPrefixThatWouldChangeTheHashTag(String prefix) {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys(prefix));
	}

}
