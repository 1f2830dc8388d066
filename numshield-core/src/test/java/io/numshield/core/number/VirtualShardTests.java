package io.numshield.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualShardTests {

	@Test
	void thereAreSixtyFourShards() {
		assertThat(VirtualShard.COUNT).isEqualTo(64);
	}

	@Test
	void tagIsAlwaysTwoDigits() {
		assertThat(new VirtualShard(0).tag()).isEqualTo("00");
		assertThat(new VirtualShard(7).tag()).isEqualTo("07");
		assertThat(new VirtualShard(10).tag()).isEqualTo("10");
		assertThat(new VirtualShard(63).tag()).isEqualTo("63");
	}

	@Test
	void fromTagRoundTripsEveryShard() {
		List<VirtualShard> all = new ArrayList<>();
		VirtualShard.all().forEach(all::add);

		assertThat(all).hasSize(VirtualShard.COUNT);
		for (VirtualShard shard : all) {
			assertThat(shard.tag()).hasSize(2).containsOnlyDigits();
			assertThat(VirtualShard.fromTag(shard.tag())).isEqualTo(shard);
		}
		assertThat(all).extracting(VirtualShard::id).doesNotHaveDuplicates().startsWith(0).endsWith(63);
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 64, 99, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void refusesIdsOutsideRange(int id) {
		assertThatIllegalArgumentException().isThrownBy(() -> new VirtualShard(id));
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "0", "7", "007", "64", "99", "-1", "a1", "1a", " 1", "+1" })
	void fromTagRefusesWhatIsNotTheTagOfAShard(String tag) {
		assertThatIllegalArgumentException().isThrownBy(() -> VirtualShard.fromTag(tag));
	}

	@Test
	void ofBlockIsManagementNumberModulo64() {
		assertThat(VirtualShard.of(new ManagementNumber("70000000000")).id()).isEqualTo((int) (70000000000L % 64));
		assertThat(VirtualShard.of(new ManagementNumber("70000000001")).id()).isEqualTo((int) (70000000001L % 64));
	}

}
