package io.numshield.binding;

import io.numshield.core.token.Role;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a PLATFORM token that names its platform acts as a platform: a PLATFORM token
 * without {@code platformId}, or another role's token that carries one, is refused as a
 * token (401 UNAUTHENTICATED) before any lease operation.
 */
class PlatformClaimIT extends BindingServiceITSupport {

	@Test
	void aPlatformTokenWithoutPlatformIdIsRefusedBeforeAnyLeaseOperation() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String id = expect(call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-PC1", mobile(), mobile())),
				201)
			.text("bindingId");
		String nameless = tokenWithAnyPlatformClaim(Role.PLATFORM, null);

		for (Response refused : List.of(call("POST", "/v1/bindings", nameless, axb("ORD-PC2", mobile(), mobile())),
				call("GET", "/v1/bindings/" + id, nameless, null),
				call("GET", "/v1/bindings?orderId=ORD-PC1", nameless, null),
				call("PATCH", "/v1/bindings/" + id, nameless, Map.of("ttlSeconds", 3600)),
				call("DELETE", "/v1/bindings/" + id, nameless, null))) {
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
		}
		assertThat(eventsOf(id)).extracting(e -> e.get("type")).containsExactly("BINDING_CREATED");
		assertThat(allEvents()).noneMatch(e -> "ORD-PC2".equals(e.get("orderId")));
	}

	@Test
	void anotherRolesTokenCarryingAPlatformIdGainsNoPlatformPowers() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String id = expect(call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-PC3", mobile(), mobile())),
				201)
			.text("bindingId");

		for (Role role : List.of(Role.OPERATOR, Role.REGULATOR, Role.CARRIER)) {
			String posing = tokenWithAnyPlatformClaim(role, platformId);
			for (Response refused : List.of(call("POST", "/v1/bindings", posing, axb("ORD-PC4", mobile(), mobile())),
					call("GET", "/v1/bindings/" + id, posing, null), call("DELETE", "/v1/bindings/" + id, posing, null),
					call("GET", "/v1/pools/" + pool[0], posing, null))) {
				assertThat(refused.status()).as(role.name()).isEqualTo(401);
				assertThat(refused.code()).as(role.name()).isEqualTo("UNAUTHENTICATED");
			}
		}
		assertThat(call("GET", "/v1/bindings/" + id, platformToken(platformId), null).text("status"))
			.isEqualTo("ACTIVE");
		// the same roles without the claim are what they always were
		expect(call("GET", "/v1/pools/" + pool[0], operator(), null), 200);
	}

}
