package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** After NUMSHIELD_TRANSITION_CUTOVER, LEGACY pools lease nothing; 700 pools go on. */
@TestPropertySource(properties = "numshield.transition-cutover=2026-01-01T00:00:00Z")
class TransitionCutoverIT extends BindingServiceITSupport {

	@Test
	void legacyPoolsLeaseNothingAfterTheCutover() {
		List<String> legacy = legacyPool(2, 200, 0);
		String[] segment = segmentPool(null, null);
		String platformId = platform(List.of(legacy.get(0), segment[0]), null);
		String token = platformToken(platformId);

		Map<String, Object> onlyLegacy = axb("ORD-T", mobile(), mobile());
		onlyLegacy.put("poolId", legacy.get(0));
		assertThat(call("POST", "/v1/bindings", token, onlyLegacy).code()).isEqualTo("NO_AVAILABLE_NUMBER");

		Map<String, Object> askedLegacy = axb("ORD-T", mobile(), mobile());
		askedLegacy.put("virtualNumber", legacy.get(1));
		assertThat(call("POST", "/v1/bindings", token, askedLegacy).code()).isEqualTo("NUMBER_UNAVAILABLE");

		Response anyPool = expect(call("POST", "/v1/bindings", token, axb("ORD-T", mobile(), mobile())), 201);
		assertThat(anyPool.text("virtualNumber")).startsWith(segment[1]);
	}

}
