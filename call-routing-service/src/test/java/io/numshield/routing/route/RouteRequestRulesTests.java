package io.numshield.routing.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.routing.event.CallEventRequest;
import io.numshield.support.web.hot.Violations;
import io.numshield.testsupport.BeanValidationTwin;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The hot paths check a route question and a call event in code ({@code check}); the MVC
 * paths and the API document read the records' annotations. Both must refuse the same
 * bodies with the same detail, which is what a carrier sees.
 */
class RouteRequestRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private static final List<?> CALL_IDS = list("call-1", null, "", " ", "c".repeat(128), "c".repeat(129),
			"a@b:c.d_e-f", "a b", "呼");

	private static final List<?> NUMBERS = list(PhoneFixtures.mobile(1), null, "", "  ", "\u2003", "1".repeat(32),
			"1".repeat(33));

	private static final List<?> EXTENSIONS = list(null, "12", "", "1234567", "12a", "123456");

	@Test
	void routeQuestionsAreRefusedExactlyAsTheAnnotationsDo() {
		assertSameAnswers(BeanValidationTwin.cases(RouteRequest.class,
				Map.of("callId", CALL_IDS, "caller", NUMBERS, "called", NUMBERS, "type",
						list(RouteRequest.CallType.VOICE, null, RouteRequest.CallType.SMS), "extension", EXTENSIONS),
				2_000, 700), RouteRequest::check);
	}

	@Test
	void callEventsAreRefusedExactlyAsTheAnnotationsDo() {
		assertSameAnswers(BeanValidationTwin.cases(CallEventRequest.class,
				Map.ofEntries(Map.entry("callId", CALL_IDS),
						Map.entry("bindingId", list(null, "07ABCDEFGHJKMNPQ", "", "07ABCDEFGHIJKLMN")),
						Map.entry("caller", NUMBERS), Map.entry("called", NUMBERS),
						Map.entry("event", list(CallEventRequest.Kind.HANGUP, null, CallEventRequest.Kind.RINGING)),
						Map.entry("occurredAt", list(NOW, null)),
						Map.entry("durationSeconds", list(null, 0, -1, 86_400, 86_401)),
						Map.entry("releaseCause", list(null, 16, -1, 127, 128)),
						Map.entry("releaseDirection", list(null, CallEventRequest.ReleaseDirection.CALLER)),
						Map.entry("sipStatus", list(null, 486, 299, 300, 699, 700)), Map.entry("extension", EXTENSIONS),
						Map.entry("recordingLocation",
								list(null, "s3://bucket/key", "", " ", "a b", "r".repeat(1024), "r".repeat(1025)))),
				2_000, 701), CallEventRequest::check);
	}

	private static <T> void assertSameAnswers(List<T> cases, java.util.function.BiConsumer<T, Violations> rules) {
		int refused = 0;
		for (T body : cases) {
			Violations found = new Violations();
			rules.accept(body, found);
			String expected = BeanValidationTwin.detail(body);
			assertThat(found.detail()).as("%s", body).isEqualTo(expected);
			refused += expected == null ? 0 : 1;
		}
		// both answers are well represented
		assertThat(refused).isGreaterThan(200);
		assertThat(cases.size() - refused).isGreaterThan(200);
	}

	/** A list that may hold null (List.of may not). */
	private static List<?> list(Object... values) {
		return Arrays.asList(values);
	}

}
