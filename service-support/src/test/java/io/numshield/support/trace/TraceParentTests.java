package io.numshield.support.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot paths' {@code traceparent} by hand: what passes on, what is replaced, and what
 * a new one looks like (W3C Trace Context, level 1, section 3.2).
 */
class TraceParentTests {

	/** The specification's own example. */
	private static final String EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void takesAWellFormedHeaderAsSent() {
		assertThat(TraceParent.valid(EXAMPLE)).isTrue();
		assertThat(TraceParent.orNew(EXAMPLE)).isSameAs(EXAMPLE);
		assertThat(TraceParent.traceId(EXAMPLE)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(TraceParent.traceIdOrNew(EXAMPLE)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(TraceParent.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "00", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
			// uppercase hex
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
			// all-zero trace id, all-zero parent id
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			// version ff is never valid, whatever follows
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			// version 00 has exactly four fields
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
			// wrong separators, a short id, a non-hex character
			"00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
			"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
			// a later version must go on with '-' after the known fields
			"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
			// a log line's worth of injection
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\nforged log line" })
	void replacesAMalformedHeader(String header) {
		assertThat(TraceParent.valid(header)).isFalse();
		String replaced = TraceParent.orNew(header);
		assertThat(TraceParent.valid(replaced)).isTrue();
		assertThat(replaced).isNotEqualTo(header);
		assertThat(TraceParent.traceIdOrNew(header)).matches("[0-9a-f]{32}");
	}

	@Test
	void replacesAMissingHeader() {
		assertThat(TraceParent.valid(null)).isFalse();
		assertThat(TraceParent.valid(TraceParent.orNew(null))).isTrue();
	}

	@Test
	void readsALaterVersionByItsKnownPrefix() {
		assertThat(TraceParent.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isTrue();
		assertThat(TraceParent.valid("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-later"))
			.isTrue();
	}

	@Test
	void makesWellFormedUnsampledHeadersThatDiffer() {
		Set<String> traceIds = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String made = TraceParent.create();
			assertThat(made).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
			assertThat(TraceParent.valid(made)).isTrue();
			traceIds.add(TraceParent.traceId(made));
		}
		assertThat(traceIds).hasSize(1000);
		assertThat(TraceParent.validTraceId(TraceParent.newTraceId())).isTrue();
	}

	@Test
	void checksATraceIdAlone() {
		assertThat(TraceParent.validTraceId("4bf92f3577b34da6a3ce929d0e0e4736")).isTrue();
		assertThat(TraceParent.validTraceId("00000000000000000000000000000000")).isFalse();
		assertThat(TraceParent.validTraceId("4bf92f3577b34da6")).isFalse();
		assertThat(TraceParent.validTraceId(null)).isFalse();
	}

}
