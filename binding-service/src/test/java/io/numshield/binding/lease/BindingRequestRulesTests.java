package io.numshield.binding.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.support.web.hot.Violations;
import io.numshield.testsupport.BeanValidationTwin;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The hot path checks a bind body in code ({@link BindingRequest#check}); the MVC path
 * and the API document read the record's annotations. Both must refuse the same bodies
 * with the same detail, which is what a platform sees.
 */
class BindingRequestRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	@Test
	void refusesExactlyAsTheAnnotationsDo() {
		List<BindingRequest> cases = BeanValidationTwin.cases(BindingRequest.class, candidates(), 3_000, 700);
		int refused = 0;
		for (BindingRequest body : cases) {
			Violations found = new Violations();
			body.check(found);
			String expected = BeanValidationTwin.detail(body);
			assertThat(found.detail()).as("%s", body).isEqualTo(expected);
			refused += expected == null ? 0 : 1;
		}
		// both answers are well represented
		assertThat(refused).isGreaterThan(300);
		assertThat(cases.size() - refused).isGreaterThan(300);
	}

	private static Map<String, List<?>> candidates() {
		return Map.ofEntries(Map.entry("mode", list(Mode.AXB, null, Mode.AXN, Mode.AXE, Mode.AXG)),
				Map.entry("orderId",
						list("ORD-1", null, "", " ", "a".repeat(64), "a".repeat(65), "o:1.2_3-x", "é", "a b")),
				Map.entry("partyA",
						list(PhoneFixtures.mobile(1), null, "", "   ", "\u2003", "1".repeat(32), "1".repeat(33), "x")),
				Map.entry("partyB", list(PhoneFixtures.mobile(100_001), null, "", " ", "1".repeat(32), "1".repeat(33))),
				Map.entry("ttlSeconds", list(1800, null, 0, -5)), Map.entry("expiresAt", list(null, NOW)),
				Map.entry("poolId", list(null, "pool-1", "", "a".repeat(64), "a".repeat(65), "p/1", "p 1")),
				Map.entry("virtualNumber", list(null, "700123456789012", "", "7".repeat(20), "7".repeat(21))),
				Map.entry("direction", list(null, Direction.BOTH, Direction.A_TO_B)),
				Map.entry("recording", list(null, true, false)),
				Map.entry("consent",
						list(new BindingRequest.Consent("ref-1", NOW), null, new BindingRequest.Consent(null, NOW),
								new BindingRequest.Consent(" ", null), new BindingRequest.Consent("r".repeat(128), NOW),
								new BindingRequest.Consent("r".repeat(129), NOW),
								new BindingRequest.Consent("", null))),
				Map.entry("maxCallDurationSeconds", list(null, 1, 0, -1, 86_400, 86_401, Integer.MIN_VALUE)),
				Map.entry("announcementId", list(null, "ann.1", "", "a".repeat(64), "a".repeat(65), "a:b")),
				Map.entry("ringbackToneId", list(null, "tone-1", "", "t t", "t".repeat(65))),
				Map.entry("groupId", list(null, "07ABCDEFGHJKMNPQ", "07abcdefghjkmnpq", "07ABCDEFGHIJKLMN", "7")),
				Map.entry("region", list(null, "440300", "440000", "040300", "4403", "440301")),
				Map.entry("regionPolicy", list(null, RegionPolicy.STRICT, RegionPolicy.ANY)),
				Map.entry("industrialId", list(null, "IND-1", "-IND", "", "a".repeat(32), "a".repeat(33), "a_b")));
	}

	/** A list that may hold null (List.of may not). */
	private static List<?> list(Object... values) {
		return Arrays.asList(values);
	}

}
