package io.numshield.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.id.CallId;
import io.numshield.core.id.IdempotencyKey;
import io.numshield.core.id.OrderId;
import io.numshield.core.id.PlatformId;
import io.numshield.core.id.PoolId;
import io.numshield.core.redis.BindingId;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The ID types' rules are the contract's (ADR 0015): each {@code PATTERN} is the pattern
 * docs/api/openapi.yaml gives the field, anchored. Here because test-support reads the
 * description already and depends on the core.
 */
class IdPatternsTests {

	private final Map<String, Object> document = OpenApiContract.load().document();

	@Test
	void eachTypeHasTheContractsPattern() {
		assertThat(pattern("components", "schemas", "Identifier")).isEqualTo(anchored(PoolId.PATTERN));
		assertThat(pattern("components", "schemas", "OrderId")).isEqualTo(anchored(OrderId.PATTERN));
		assertThat(pattern("components", "schemas", "BindingId")).isEqualTo(anchored(BindingId.PATTERN));
		assertThat(pattern("components", "schemas", "IssueApiKey", "properties", "platformId"))
			.isEqualTo(anchored(PlatformId.PATTERN));
		assertThat(pattern("components", "schemas", "IssueApiKey", "properties", "pools", "items"))
			.isEqualTo(anchored(PoolId.PATTERN));
		assertThat(pattern("components", "schemas", "RouteRequest", "properties", "callId"))
			.isEqualTo(anchored(CallId.PATTERN));
		assertThat(pattern("components", "schemas", "CallEvent", "properties", "callId"))
			.isEqualTo(anchored(CallId.PATTERN));
	}

	@Test
	void theIdempotencyKeyHeaderHasTheContractsPattern() {
		List<?> parameters = (List<?>) node("paths", "/v1/bindings", "post", "parameters");
		Map<?, ?> header = parameters.stream()
			.map(Map.class::cast)
			.filter(p -> "Idempotency-Key".equals(p.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(((Map<?, ?>) header.get("schema")).get("pattern")).isEqualTo(anchored(IdempotencyKey.PATTERN));
	}

	private static String anchored(String pattern) {
		return "^" + pattern + "$";
	}

	private String pattern(String... path) {
		return (String) ((Map<?, ?>) node(path)).get("pattern");
	}

	private Object node(String... path) {
		Object node = this.document;
		for (String step : path) {
			node = ((Map<?, ?>) node).get(step);
		}
		return node;
	}

}
