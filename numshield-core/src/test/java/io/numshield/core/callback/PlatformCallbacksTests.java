package io.numshield.core.callback;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformCallbacksTests {

	@Test
	void theDefaultsAreMirroredAsTheStatusAloneAndWantEverything() {
		assertThat(PlatformCallbacks.DEFAULT.mirrorEntry("ACTIVE")).isEqualTo("ACTIVE");
		for (String kind : new String[] { "CALL_STARTED", "HANGUP", "RECORDING_READY", "SMS_FAILED", "ANY_LATER" }) {
			assertThat(PlatformCallbacks.wanted("ACTIVE", kind)).as(kind).isTrue();
		}
	}

	@Test
	void aChoiceIsMirroredWithItsKindsAndBatchAndFiltersEventsByName() {
		String entry = new PlatformCallbacks(
				EnumSet.of(CallbackKind.SMS_DELIVERED, CallbackKind.RECORDING_READY, CallbackKind.CALL_STARTED), 20,
				500)
			.mirrorEntry("SUSPENDED");
		assertThat(entry).isEqualTo("SUSPENDED|CALL_STARTED,RECORDING_READY,SMS_DELIVERED|20|500");
		assertThat(PlatformCallbacks.status(entry)).isEqualTo("SUSPENDED");
		assertThat(PlatformCallbacks.wanted(entry, "RECORDING_READY")).isTrue();
		assertThat(PlatformCallbacks.wanted(entry, "SMS_DELIVERED")).isTrue();
		assertThat(PlatformCallbacks.wanted(entry, "SMS_FAILED")).isFalse();
		assertThat(PlatformCallbacks.wanted(entry, "SMS")).as("names, not prefixes").isFalse();
		assertThat(PlatformCallbacks.wanted(entry, "RINGING")).isFalse();
	}

	@Test
	void aPlatformWithoutTargetWantsNothing() {
		String entry = PlatformCallbacks.DEFAULT.withoutTarget().mirrorEntry("ACTIVE");
		assertThat(entry).isEqualTo("ACTIVE||1|1000");
		for (CallbackKind kind : CallbackKind.values()) {
			assertThat(PlatformCallbacks.wanted(entry, kind.name())).as(kind.name()).isFalse();
		}
	}

	@Test
	void refusesBatchesOutsideTheirRange() {
		assertThatThrownBy(() -> new PlatformCallbacks(Set.of(), 0, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new PlatformCallbacks(Set.of(), 101, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new PlatformCallbacks(Set.of(), 1, 60_001))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aPlatformWithItsOwnBlocklistIsMirroredLongWithTheFlagLast() {
		String entry = PlatformCallbacks.DEFAULT.mirrorEntry("ACTIVE", true);

		assertThat(entry).startsWith("ACTIVE|").endsWith("|1|1000|B");
		assertThat(PlatformCallbacks.status(entry)).isEqualTo("ACTIVE");
		assertThat(PlatformCallbacks.wanted(entry, "HANGUP")).isTrue();
		assertThat(PlatformCallbacks.DEFAULT.mirrorEntry("ACTIVE", false)).isEqualTo("ACTIVE");
		assertThat(PlatformCallbacks.DEFAULT.withoutTarget().mirrorEntry("SUSPENDED", true))
			.isEqualTo("SUSPENDED||1|1000|B");
	}

}
