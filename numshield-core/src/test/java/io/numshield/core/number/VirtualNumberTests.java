package io.numshield.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualNumberTests {

	private static final String BLOCK = "70012345678";

	private static final String USAGE = BLOCK + "0042";

	private static final String LEGACY = "17012345678";

	@Test
	void parsesFifteenDigit700Number() {
		VirtualNumber number = VirtualNumber.parse(USAGE);

		assertThat(number.digits()).isEqualTo(USAGE);
		assertThat(number.isSegment700()).isTrue();
		assertThat(number).hasToString(USAGE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "+86" + USAGE, "86" + USAGE, "  " + USAGE + " ", " +86" + USAGE })
	void dropsCountryCodeAndSurroundingBlanks(String text) {
		assertThat(VirtualNumber.parse(text)).isEqualTo(new VirtualNumber(USAGE));
	}

	@Test
	void acceptsLegacyElevenDigitNumber() {
		VirtualNumber number = VirtualNumber.parse(LEGACY);

		assertThat(number.digits()).isEqualTo(LEGACY);
		assertThat(number.isSegment700()).isFalse();
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", " ", "junk", "700", "70012345678", "7001234567800", "7001234567800421",
			"80012345678004", "800123456780042", "123456789012345", "70012345678004A", "700-1234-5678-0042",
			"+1" + USAGE, "87" + USAGE, "0" + USAGE, "27012345678", "1701234567", "170123456789", "+86" })
	void refusesWhatIsNotAVirtualNumber(String text) {
		assertThatExceptionOfType(InvalidVirtualNumberException.class).isThrownBy(() -> VirtualNumber.parse(text));
	}

	@Test
	void refusedInputIsNotEchoedInTheMessage() {
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> VirtualNumber.parse("800123456780042"))
			.withMessageNotContaining("800123456780042");
	}

	@Test
	void aRefusalCarriesNoStackTrace() {
		assertThatExceptionOfType(InvalidVirtualNumberException.class).isThrownBy(() -> VirtualNumber.parse("junk"))
			.satisfies(refused -> org.assertj.core.api.Assertions.assertThat(refused.getStackTrace()).isEmpty());
	}

	@Test
	void knowsItsManagementNumberAndIndex() {
		VirtualNumber number = VirtualNumber.parse(USAGE);

		assertThat(number.managementNumber()).isEqualTo(new ManagementNumber(BLOCK));
		assertThat(number.indexInBlock()).isEqualTo(42);
	}

	@Test
	void indexCoversWholeBlock() {
		assertThat(VirtualNumber.parse(BLOCK + "0000").indexInBlock()).isZero();
		assertThat(VirtualNumber.parse(BLOCK + "9999").indexInBlock()).isEqualTo(9999);
	}

	@Test
	void legacyNumberIsItsOwnBlockAtIndexZero() {
		VirtualNumber number = VirtualNumber.parse(LEGACY);

		assertThat(number.managementNumber()).isEqualTo(new ManagementNumber(LEGACY));
		assertThat(number.indexInBlock()).isZero();
	}

	@Test
	void shardIsManagementNumberModulo64() {
		VirtualNumber number = VirtualNumber.parse(USAGE);

		assertThat(number.shard().id()).isEqualTo((int) (Long.parseLong(BLOCK) % 64));
		assertThat(VirtualNumber.parse(LEGACY).shard().id()).isEqualTo((int) (Long.parseLong(LEGACY) % 64));
	}

	@Test
	void everyNumberOfABlockSharesItsShard() {
		VirtualShard shard = VirtualNumber.parse(BLOCK + "0000").shard();

		assertThat(VirtualNumber.parse(BLOCK + "9999").shard()).isEqualTo(shard);
		assertThat(VirtualNumber.parse(BLOCK + "0042").shard()).isEqualTo(shard);
	}

	@Test
	void consecutiveBlocksLandOnDifferentShards() {
		assertThat(VirtualNumber.parse("70012345678" + "0000").shard())
			.isNotEqualTo(VirtualNumber.parse("70012345679" + "0000").shard());
	}

	@Test
	void segment700AcceptsOnly700Numbers() {
		assertThat(VirtualNumber.segment700("+86" + USAGE).digits()).isEqualTo(USAGE);
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> VirtualNumber.segment700(LEGACY));
	}

}
