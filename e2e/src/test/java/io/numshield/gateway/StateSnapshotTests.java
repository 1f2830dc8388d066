package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the contract fuzz leaves out of its "a refusal changed nothing" comparison: only
 * keys that change on their own clock, whatever the prefix of the services that wrote
 * them.
 */
class StateSnapshotTests {

	@Test
	void keysThatChangeOnTheirOwnClockAreLeftOutUnderAnyPrefix() {
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("{26}:sweep-lock").matches()).isTrue();
		// SeveralInstancesIT's services, stopped: their sweep locks still expire
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("x2:{26}:sweep-lock").matches()).isTrue();
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("x2:gw:nonce:k1:1764500000").matches()).isTrue();
	}

	@Test
	void whatARefusalMustNotChangeIsCompared() {
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("{26}:ev").matches()).isFalse();
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("x2:{26}:ev").matches()).isFalse();
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("pool:gw-1:free").matches()).isFalse();
		assertThat(StateSnapshot.VOLATILE_KEY.matcher("{26}:sweep-lock-not").matches()).isFalse();
	}

}
