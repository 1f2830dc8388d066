package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RouteCall;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.testsupport.PhoneFixtures;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * A platform's own blocklist (ADR 0025): its numbers cannot be a party of that platform's
 * new bindings or its new party B, and their calls to that platform's bindings are
 * rejected; other platforms lease and connect them as before. Each change is a ledger
 * event; the platform mirror carries the list's flag only while the list holds a number.
 */
class PlatformBlocklistIT extends BindingServiceITSupport {

	@Autowired
	PersonalDataProtector protector;

	@Autowired
	LeaseScripts scripts;

	@Test
	void blocksThePlatformsOwnLeasesChangesAndCallsOnly() {
		String[] pool = segmentPool(null, null);
		String mine = platform(List.of(pool[0]), null);
		String theirs = platform(List.of(pool[0]), null);
		String myToken = platformToken(mine);
		String theirToken = platformToken(theirs);
		String listed = mobile();
		String quoted = mobile();
		// made before the block: its party's calls are rejected from then on
		Response before = expect(call("POST", "/v1/bindings", myToken, axb("ORD-PBL-0", mobile(), listed)), 201);
		Response myAxn = expect(call("POST", "/v1/bindings", myToken, axn("ORD-PBL-N", mobile())), 201);
		Response theirAxn = expect(call("POST", "/v1/bindings", theirToken, axn("ORD-PBL-T", mobile())), 201);
		assertThat(mirrorValue(mine)).doesNotEndWith("|B");

		Response added = expect(call("POST", "/v1/platform-blocklist", myToken,
				Map.of("number", listed, "reason", "abusive caller, also " + quoted)), 201);
		assertThat(added.text("number")).isEqualTo(RealNumber.parse(listed).masked());
		assertThat(added.text("reason")).isEqualTo("abusive caller, also " + RealNumber.parse(quoted).masked());
		assertThat(added.json().get("blocked").asBoolean()).isTrue();
		assertThat(mirrorValue(mine)).startsWith("ACTIVE").endsWith("|B");
		assertThat(mirrorValue(theirs)).startsWith("ACTIVE").doesNotEndWith("|B");

		// leases: refused for this platform, as party A or B, fine for the other
		Response refused = call("POST", "/v1/bindings", myToken, axb("ORD-PBL-1", listed, mobile()));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("PARTY_BLOCKED");
		assertThat(refused.text("detail")).contains("platform's own blocklist");
		assertThat(call("POST", "/v1/bindings", myToken, axb("ORD-PBL-2", mobile(), listed)).code())
			.isEqualTo("PARTY_BLOCKED");
		assertThat(call("POST", "/v1/bindings", myToken, axn("ORD-PBL-3", listed)).code()).isEqualTo("PARTY_BLOCKED");
		expect(call("POST", "/v1/bindings", theirToken, axb("ORD-PBL-4", listed, mobile())), 201);
		assertThat(call("GET", "/v1/bindings?orderId=ORD-PBL-1", myToken, null).json().get("bindings")).isEmpty();

		// a new party B: refused for this platform, fine for the other
		Response mineB = expect(call("POST", "/v1/bindings", myToken, axb("ORD-PBL-5", mobile(), mobile())), 201);
		Response patch = call("PATCH", "/v1/bindings/" + mineB.text("bindingId"), myToken, Map.of("partyB", listed));
		assertThat(patch.status()).isEqualTo(403);
		assertThat(patch.code()).isEqualTo("PARTY_BLOCKED");
		assertThat(patch.text("detail")).contains("platform's own blocklist");
		Response theirB = expect(call("POST", "/v1/bindings", theirToken, axb("ORD-PBL-6", mobile(), mobile())), 201);
		expect(call("PATCH", "/v1/bindings/" + theirB.text("bindingId"), theirToken, Map.of("partyB", listed)), 200);

		// calls: rejected to this platform's bindings only
		assertThat(route(myAxn.text("virtualNumber"), listed)).isEqualTo("REJECT CALLER_BLOCKED_BY_PLATFORM");
		assertThat(route(before.text("virtualNumber"), listed)).isEqualTo("REJECT CALLER_BLOCKED_BY_PLATFORM");
		assertThat(route(theirAxn.text("virtualNumber"), listed)).isEqualTo("CONNECT ");
		assertThat(route(myAxn.text("virtualNumber"), mobile())).isEqualTo("CONNECT ");

		// the list: this platform's, masked; the other's is empty and cannot remove it
		JsonNode list = expect(call("GET", "/v1/platform-blocklist", myToken, null), 200).json();
		assertThat(list.get("total").asLong()).isEqualTo(1);
		assertThat(list.get("entries").get(0).get("number").asString()).isEqualTo(RealNumber.parse(listed).masked());
		assertThat(list.toString()).doesNotContain(listed);
		assertThat(expect(call("GET", "/v1/platform-blocklist", theirToken, null), 200).json().get("total").asLong())
			.isZero();
		Response notTheirs = call("POST", "/v1/platform-blocklist/removals", theirToken,
				Map.of("number", listed, "reason", "not ours"));
		assertThat(notTheirs.status()).isEqualTo(404);
		assertThat(notTheirs.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("POST", "/v1/bindings", myToken, axb("ORD-PBL-7", listed, mobile())).status()).isEqualTo(403);

		// removal: leases and calls again, the flag gone
		Response removed = expect(call("POST", "/v1/platform-blocklist/removals", myToken,
				Map.of("number", PhoneFixtures.e164(listed), "reason", "apologised")), 200);
		assertThat(removed.json().get("blocked").asBoolean()).isFalse();
		assertThat(mirrorValue(mine)).startsWith("ACTIVE").doesNotEndWith("|B");
		expect(call("POST", "/v1/bindings", myToken, axb("ORD-PBL-8", listed, mobile())), 201);
		assertThat(route(myAxn.text("virtualNumber"), listed)).isEqualTo("CONNECT ");
		assertThat(expect(call("GET", "/v1/platform-blocklist", myToken, null), 200).json().get("total").asLong())
			.isZero();
	}

	@Test
	void eachChangeIsALedgerEventWithThePlatform() {
		String[] pool = segmentPool(null, null);
		String mine = platform(List.of(pool[0]), null);
		String token = platformToken(mine);
		String number = mobile();
		String index = protector.blindIndex(RealNumber.parse(number));

		expect(call("POST", "/v1/platform-blocklist", token, Map.of("number", number, "reason", "spam")), 201);
		// a refused removal (not listed) records nothing
		assertThat(call("POST", "/v1/platform-blocklist/removals", token, Map.of("number", mobile(), "reason", "x"))
			.status()).isEqualTo(404);
		expect(call("POST", "/v1/platform-blocklist/removals", token, Map.of("number", number, "reason", "ok")), 200);

		List<Map<String, String>> entries = redisson
			.<String, String>getStream(keys.events(VirtualShard.forKey(index)), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> mine.equals(e.get("platformId")) && e.get("type").startsWith("PLATFORM_BLOCKLIST_"))
			.toList();
		assertThat(entries).extracting(e -> e.get("type"))
			.containsExactly("PLATFORM_BLOCKLIST_ADDED", "PLATFORM_BLOCKLIST_REMOVED");
		assertThat(entries).allSatisfy(e -> assertThat(e).containsEntry("v", "1")
			.containsEntry("partyAIndex", index)
			.containsEntry("number", RealNumber.parse(number).masked())
			.containsEntry("by", "test-key")
			.hasEntrySatisfying("eventId", id -> assertThat(id).startsWith("platform-blocklist:")));
		assertThat(entries).extracting(e -> e.get("reason")).containsExactly("spam", "ok");
		for (String form : PhoneFixtures.forms(number)) {
			assertThat(entries.toString()).doesNotContain(form);
		}
	}

	@Test
	void aSuspendedPlatformChangesNothingOnItsList() {
		String platformId = platform(List.of(segmentPool(null, null)[0]), null);
		String token = platformToken(platformId);
		String listed = mobile();
		expect(call("POST", "/v1/platform-blocklist", token, Map.of("number", listed, "reason", "before")), 201);
		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "list")), 200);

		for (Response refused : List.of(
				call("POST", "/v1/platform-blocklist", token, Map.of("number", mobile(), "reason", "added")),
				call("POST", "/v1/platform-blocklist/removals", token, Map.of("number", listed, "reason", "gone")))) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.code()).isEqualTo("PLATFORM_SUSPENDED");
		}
		assertThat(expect(call("GET", "/v1/platform-blocklist", token, null), 200).json().get("total").asLong())
			.isEqualTo(1);
	}

	@Test
	void isForPlatformsAndChecksItsInput() {
		String[] pool = segmentPool(null, null);
		String token = platformToken(platform(List.of(pool[0]), null));
		assertThat(
				call("POST", "/v1/platform-blocklist", operator(), Map.of("number", mobile(), "reason", "x")).status())
			.isEqualTo(403);
		assertThat(call("GET", "/v1/platform-blocklist", operator(), null).status()).isEqualTo(403);
		Response bad = call("POST", "/v1/platform-blocklist", token, Map.of("number", "12345", "reason", "x"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.code()).isEqualTo("INVALID_PHONE_NUMBER");
		assertThat(call("POST", "/v1/platform-blocklist", token, Map.of("number", mobile())).code())
			.isEqualTo("VALIDATION_FAILED");
		assertThat(call("GET", "/v1/platform-blocklist?limit=0", token, null).code()).isEqualTo("VALIDATION_FAILED");
		assertThat(expect(call("GET", "/v1/platform-blocklist", token, null), 200).json().get("total").asLong())
			.isZero();
	}

	/**
	 * The platform's value in the shard mirror {@code p} (every shard holds the same).
	 */
	private String mirrorValue(String platformId) {
		return redisson.<String, String>getMap(keys.platforms(VirtualShard.fromTag("07")), StringCodec.INSTANCE)
			.get(platformId);
	}

	/** route.lua's decision for a call from {@code caller} to X: "action reason". */
	private String route(String x, String caller) {
		RealNumber from = RealNumber.parse(caller);
		VirtualNumber called = VirtualNumber.parse(x);
		RouteCall.Decision decision = scripts.call(new RouteCall(x, "call-" + UUID.randomUUID(),
				protector.blindIndex(from), protector.encryptParties(List.of(from)), "VOICE", 1000, 60_000, 60_000,
				60_000, "routed:" + UUID.randomUUID(), 100_000), keys.shardBase(called.shard()));
		return decision.action() + " " + (decision.reason() == null ? "" : decision.reason());
	}

}
