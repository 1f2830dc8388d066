package io.numshield.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManagementNumberTests {

	private static final String BLOCK = "70012345678";

	private static final String LEGACY = "17012345678";

	@Test
	void segmentBlockHoldsTenThousandNumbers() {
		ManagementNumber block = ManagementNumber.segment700(BLOCK);

		assertThat(block.isSegment700()).isTrue();
		assertThat(block.size()).isEqualTo(10_000).isEqualTo(ManagementNumber.SEGMENT_BLOCK_SIZE);
		assertThat(block).hasToString(BLOCK);
	}

	@Test
	void legacyNumberIsABlockOfOne() {
		ManagementNumber block = ManagementNumber.legacy(LEGACY);

		assertThat(block.isSegment700()).isFalse();
		assertThat(block.size()).isEqualTo(1);
		assertThat(block.numberAt(0)).isEqualTo(new VirtualNumber(LEGACY));
	}

	@Test
	void numberAtPadsTheIndexToFourDigits() {
		ManagementNumber block = ManagementNumber.segment700(BLOCK);

		assertThat(block.numberAt(0).digits()).isEqualTo(BLOCK + "0000");
		assertThat(block.numberAt(7).digits()).isEqualTo(BLOCK + "0007");
		assertThat(block.numberAt(123).digits()).isEqualTo(BLOCK + "0123");
		assertThat(block.numberAt(9999).digits()).isEqualTo(BLOCK + "9999");
	}

	@Test
	void numberAtAndIndexInBlockAreInverse() {
		ManagementNumber block = ManagementNumber.segment700(BLOCK);

		for (int index : new int[] { 0, 1, 7, 4321, 9999 }) {
			VirtualNumber number = block.numberAt(index);
			assertThat(number.managementNumber()).isEqualTo(block);
			assertThat(number.indexInBlock()).isEqualTo(index);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 10_000, Integer.MAX_VALUE, Integer.MIN_VALUE })
	void numberAtRefusesIndexOutsideSegmentBlock(int index) {
		ManagementNumber block = ManagementNumber.segment700(BLOCK);

		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> block.numberAt(index));
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 1 })
	void numberAtRefusesIndexOutsideLegacyBlock(int index) {
		ManagementNumber block = ManagementNumber.legacy(LEGACY);

		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> block.numberAt(index));
	}

	@Test
	void segment700ParserRefusesLegacyNumbers() {
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> ManagementNumber.segment700(LEGACY));
	}

	@Test
	void legacyParserRefuses700Blocks() {
		assertThatExceptionOfType(InvalidVirtualNumberException.class).isThrownBy(() -> ManagementNumber.legacy(BLOCK));
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(
			strings = { "", "7001234567", "700123456789", "7001234567A", "80012345678", "27012345678", BLOCK + "0000" })
	void refusesWhatIsNotAManagementNumber(String digits) {
		assertThatExceptionOfType(InvalidVirtualNumberException.class).isThrownBy(() -> new ManagementNumber(digits));
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> ManagementNumber.segment700(digits));
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> ManagementNumber.legacy(digits));
	}

	@Test
	void shardIsDigitsModulo64() {
		assertThat(ManagementNumber.segment700(BLOCK).shard())
			.isEqualTo(new VirtualShard((int) (Long.parseLong(BLOCK) % VirtualShard.COUNT)));
	}

}
