package io.numshield.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Call controls as stored, merged and checked (issue 14, point 5). */
class CallControlsTests {

	@Test
	void storesWhatIsSetAndReadsItBack() {
		CallControls some = new CallControls(120, null, "tone-9");
		assertThat(some.stored()).isEqualTo("120,,tone-9");
		assertThat(CallControls.parse(some.stored())).isEqualTo(some);
		assertThat(CallControls.NONE.stored()).isEmpty();
		assertThat(CallControls.parse("")).isEqualTo(CallControls.NONE);
		assertThat(CallControls.parse(null)).isEqualTo(CallControls.NONE);
	}

	@Test
	void theBindingsOwnOverrideThePoolsEachOnItsOwn() {
		CallControls pool = new CallControls(600, "protected-call", "tone-1");
		assertThat(new CallControls(120, null, null).orElse(pool))
			.isEqualTo(new CallControls(120, "protected-call", "tone-1"));
		assertThat(CallControls.NONE.orElse(pool)).isEqualTo(pool);
		assertThat(new CallControls(null, "a", null).orElse(CallControls.NONE))
			.isEqualTo(new CallControls(null, "a", null));
	}

	@Test
	void readsThePoolsFromABlocksSettings() {
		assertThat(CallControls.ofBlockSettings("pool-1|10000|200|0|4|1000|600|protected-call|"))
			.isEqualTo(new CallControls(600, "protected-call", null));
		assertThat(CallControls.ofBlockSettings("pool-1|10000|200|0")).isEqualTo(CallControls.NONE);
	}

	@Test
	void refusesOutOfRangeDurationsAndMalformedIds() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CallControls(0, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new CallControls(86_401, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new CallControls(null, "has space", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new CallControls(null, null, "x".repeat(65)));
		assertThatIllegalArgumentException().isThrownBy(() -> new CallControls(null, "a,b", null));
	}

}
