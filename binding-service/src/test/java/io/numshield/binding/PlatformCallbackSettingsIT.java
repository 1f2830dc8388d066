package io.numshield.binding;

import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.number.VirtualShard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform's callback switches and batching: set at creation and by {@code PATCH
 * /v1/platforms/{platformId}}, shown, and mirrored beside its status on every shard,
 * where the scripts decide what to queue; bad values change nothing.
 */
class PlatformCallbackSettingsIT extends BindingServiceITSupport {

	private static final String TARGET = "https://platform.example/callbacks";

	@Test
	void everyKindOneByOneUnlessThePlatformChoosesAndTheScriptsSeeTheChoice() {
		String[] pool = segmentPool(null, null);
		String platformId = uniqueId("plat");
		Response created = expect(call("POST", "/v1/platforms", operator(), Map.of("platformId", platformId, "name",
				"Callbacks", "pools", List.of(pool[0]), "callbackUrl", TARGET)), 201);
		assertThat(created.json().get("callbackEvents").valueStream().map(n -> n.asString()).toList()).containsExactly(
				"CALL_STARTED", "RINGING", "ANSWERED", "HANGUP", "RECORDING_READY", "SMS_DELIVERED", "SMS_FAILED",
				"BINDING_EXPIRED");
		assertThat(created.json().get("callbackBatchSize").asInt()).isEqualTo(1);
		assertThat(created.json().get("callbackBatchWindowMs").asInt()).isEqualTo(1000);
		assertThat(mirrored(platformId)).containsExactly("ACTIVE");

		Response changed = expect(call("PATCH", "/v1/platforms/" + platformId, operator(),
				Map.of("callbackEvents", List.of("HANGUP", "CALL_STARTED"), "callbackBatchSize", 20)), 200);
		assertThat(changed.json().get("callbackEvents").valueStream().map(n -> n.asString()).toList())
			.containsExactly("CALL_STARTED", "HANGUP");
		assertThat(changed.json().get("callbackBatchSize").asInt()).isEqualTo(20);
		assertThat(changed.json().get("callbackBatchWindowMs").asInt()).as("left out: kept").isEqualTo(1000);
		assertThat(mirrored(platformId)).containsExactly("ACTIVE|CALL_STARTED,HANGUP|20|1000");
		assertThat(PlatformCallbacks.wanted(mirrored(platformId).iterator().next(), "RINGING")).isFalse();
		assertThat(expect(call("GET", "/v1/platforms/" + platformId, operator(), null), 200).json()
			.get("callbackBatchSize")
			.asInt()).isEqualTo(20);

		// a status change keeps the switches
		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit")), 200);
		assertThat(mirrored(platformId)).containsExactly("SUSPENDED|CALL_STARTED,HANGUP|20|1000");
		expect(call("POST", "/v1/platforms/" + platformId + "/resume", operator(), null), 200);

		// back to every kind, one by one: the status alone again
		expect(call("PATCH", "/v1/platforms/" + platformId, operator(),
				Map.of("callbackEvents", List.of("CALL_STARTED", "RINGING", "ANSWERED", "HANGUP", "RECORDING_READY",
						"SMS_DELIVERED", "SMS_FAILED", "BINDING_EXPIRED"), "callbackBatchSize", 1)),
				200);
		assertThat(mirrored(platformId)).containsExactly("ACTIVE");
	}

	@Test
	void choicesAtCreationAndAPlatformWithoutTargetIsToldNothing() {
		String[] pool = segmentPool(null, null);
		String chosen = uniqueId("plat");
		expect(call("POST", "/v1/platforms", operator(),
				Map.of("platformId", chosen, "name", "Chosen", "pools", List.of(pool[0]), "callbackUrl", TARGET,
						"callbackEvents", List.of("BINDING_EXPIRED"), "callbackBatchSize", 5, "callbackBatchWindowMs",
						250)),
				201);
		assertThat(mirrored(chosen)).containsExactly("ACTIVE|BINDING_EXPIRED|5|250");

		String silent = platform(List.of(pool[0]), null);
		assertThat(mirrored(silent)).singleElement()
			.satisfies(entry -> assertThat(PlatformCallbacks.wanted(entry, "HANGUP")).isFalse())
			.satisfies(entry -> assertThat(PlatformCallbacks.status(entry)).isEqualTo("ACTIVE"));
	}

	@Test
	void badSettingsAreRefusedAndChangeNothing() {
		String[] pool = segmentPool(null, null);
		String platformId = uniqueId("plat");
		expect(call("POST", "/v1/platforms", operator(), Map.of("platformId", platformId, "name", "Bad", "pools",
				List.of(pool[0]), "callbackUrl", TARGET, "callbackEvents", List.of("RINGING"))), 201);
		for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("callbackBatchSize", 0),
				Map.of("callbackBatchSize", 101), Map.of("callbackBatchWindowMs", -1),
				Map.of("callbackBatchWindowMs", 60_001), Map.of("callbackEvents", List.of("DIALING")))) {
			Response refused = call("PATCH", "/v1/platforms/" + platformId, operator(), bad);
			assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.code()).as(bad.toString()).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(mirrored(platformId)).containsExactly("ACTIVE|RINGING|1|1000");
		Response refusedAtCreation = call("POST", "/v1/platforms", operator(), Map.of("platformId", uniqueId("plat"),
				"name", "Bad", "pools", List.of(pool[0]), "callbackBatchSize", 500));
		assertThat(refusedAtCreation.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("PATCH", "/v1/platforms/no-such-platform", operator(), Map.of("callbackBatchSize", 2)).code())
			.isEqualTo("PLATFORM_NOT_FOUND");
		assertThat(
				call("PATCH", "/v1/platforms/" + platformId, platformToken(platformId), Map.of("callbackBatchSize", 2))
					.status())
			.as("an operator's setting")
			.isEqualTo(403);
	}

	/** The platform's distinct mirror values over every shard. */
	private Set<String> mirrored(String platformId) {
		Set<String> values = new HashSet<>();
		for (VirtualShard shard : VirtualShard.all()) {
			values.add(redisson.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).get(platformId));
		}
		return values;
	}

}
