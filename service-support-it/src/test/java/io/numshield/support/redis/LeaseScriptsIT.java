package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.redis.BindingRecord;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ReleaseCall;
import io.numshield.core.redis.RouteCall;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * The typed script calls (lease, release, route) on the real Redis of the test run: what
 * each answers, read through its {@link io.numshield.core.redis.ScriptCall} type, and
 * what each writes (binding record, event, free-number bitmap, cool-down). Every test has
 * a shard base of its own under the run's key prefix and deletes it afterwards; parties
 * are opaque index strings (the scripts never see a phone number).
 */
class LeaseScriptsIT extends ShardScriptsITSupport {

	private static final String PLATFORM = "plat-scripts";

	private static final String POOL = "pool-scripts";

	/** A binding stored before format 2, under its whole id. */
	private static final String OLD = "00ABCDEFGHJKMNPQ";

	private String block;

	@Override
	String platform() {
		return PLATFORM;
	}

	@BeforeEach
	void block() {
		block = "700" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
	}

	@Test
	void leaseAnswersTheNumberAndTimesAndWritesTheBindingAndItsEvent() {
		initBlock(10, 0);
		LeaseCall call = axb("b-1", 3);

		LeaseCall.Reply reply = scripts.call(call, base);

		assertThat(reply.result()).isEqualTo("OK");
		assertThat(reply.leased()).isTrue();
		assertThat(reply.virtualNumber()).isEqualTo(block + "0003");
		assertThat(reply.expiresAt()).isEqualTo(reply.createdAt().plusMillis(60_000));
		BindingRecord record = BindingRecord.parse(hget("b", "b-1"));
		assertThat(record.virtualNumber().digits()).isEqualTo(reply.virtualNumber());
		assertThat(record.expiresAt()).isEqualTo(reply.expiresAt());
		Map<String, String> event = lastEvent("ev");
		assertThat(event).containsEntry("type", "BINDING_CREATED")
			.containsEntry("bindingId", "b-1")
			.containsEntry("poolId", POOL)
			.containsEntry("virtualNumber", reply.virtualNumber());

		LeaseCall.Reply again = scripts.call(call, base);
		assertThat(again.result()).isEqualTo("EXISTS");
		assertThat(again.virtualNumber()).isEqualTo(reply.virtualNumber());
		assertThat(again.createdAt()).isEqualTo(reply.createdAt());
	}

	@Test
	void aRefusedLeaseAnswersWhyAndWritesNothing() {
		LeaseCall.Reply reply = scripts.call(axb("b-2", -1), base);

		assertThat(reply.result()).isEqualTo("BLOCK_UNKNOWN");
		assertThat(reply.leased()).isFalse();
		assertThat(reply.virtualNumber()).isNull();
		assertThat(hget("b", "b-2")).isNull();
		assertThat(redisson.getStream(base + "ev", StringCodec.INSTANCE).isExists()).isFalse();
	}

	@Test
	void releaseAnswersOkThenAlreadyAndNotFound() {
		initBlock(10, 0);
		scripts.call(axb("b-3", 4), base);

		assertThat(scripts.call(release("b-3"), base)).isEqualTo("OK");
		assertThat(lastEvent("ev")).containsEntry("type", "BINDING_RELEASED")
			.containsEntry("poolId", POOL)
			.containsEntry("reason", "DELETED");
		assertThat(BindingRecord.parse(hget("b", "b-3")).status()).isEqualTo(BindingRecord.Status.RELEASED);
		assertThat(scripts.call(release("b-3"), base)).isEqualTo("ALREADY");
		assertThat(scripts.call(release("b-unknown"), base)).isEqualTo("NOT_FOUND");
	}

	@Test
	void routeAnswersTheDecisionByNameAndRecordsIt() {
		initBlock(10, 0);
		String x = scripts.call(axb("b-4", 5), base).virtualNumber();

		RouteCall.Decision connect = scripts.call(route(x, "idx-a", 100), base);
		assertThat(connect.connect()).isTrue();
		assertThat(connect.reason()).isNull();
		assertThat(connect.bindingId()).isEqualTo("b-4");
		assertThat(connect.platformId()).isEqualTo(PLATFORM);
		assertThat(connect.record()).isTrue();
		assertThat(connect.calleeCiphertext()).isEqualTo("parties-ciphertext");
		assertThat(connect.calleePosition()).isEqualTo(2);
		assertThat(lastEvent("calls")).containsEntry("action", "CONNECT").containsEntry("bindingId", "b-4");

		RouteCall.Decision stranger = scripts.call(route(x, "idx-stranger", 100), base);
		assertThat(stranger.action()).isEqualTo("REJECT");
		assertThat(stranger.reason()).isEqualTo("CALLER_NOT_PARTY");
		assertThat(stranger.bindingId()).isNull();
		assertThat(stranger.calleePosition()).isZero();
	}

	@Test
	void aSecondPairOnANumberSharesItWithTheFirstAndEachRoutesAndEndsAlone() {
		initBlock(10, 0);
		String x = scripts.call(axb("b-5", 6), base).virtualNumber();
		assertThat(hget("s:" + block + ":0", "6")).as("alone on X: no route hash").isEqualTo("b-5");
		assertThat(redisson.getKeys().countExists(base + "x:" + x, base + "l:" + block)).isZero();

		assertThat(scripts.call(pair("b-6", 6, "idx-a", "idx-c"), base).result()).as("A is party on X already")
			.isEqualTo("NUMBER_UNAVAILABLE");
		assertThat(scripts.call(pair("b-6", 6, "idx-c", "idx-d"), base).virtualNumber()).isEqualTo(x);

		assertThat(hget("s:" + block + ":0", "6")).as("shared: both in the route hash").isNull();
		assertThat(hget("x:" + x, "idx-a")).isEqualTo("b-5");
		assertThat(hget("x:" + x, "idx-c")).isEqualTo("b-6");
		assertThat(scripts.call(route(x, "idx-b", 100), base).bindingId()).isEqualTo("b-5");
		assertThat(scripts.call(route(x, "idx-d", 100), base).bindingId()).isEqualTo("b-6");
		scripts.call(release("b-5"), base);
		assertThat(scripts.call(route(x, "idx-a", 100), base).reason()).isEqualTo("BINDING_EXPIRED");
		assertThat(scripts.call(route(x, "idx-c", 100), base).connect()).isTrue();
		scripts.call(release("b-6"), base);
		assertThat(redisson.getBitSet(base + "f:" + block).get(6)).as("free again").isFalse();
	}

	@Test
	void aPairAloneOnItsNumberHearsThatItEndedOnceReleased() {
		initBlock(10, 0);
		String x = scripts.call(axb("b-7", 2), base).virtualNumber();
		assertThat(scripts.call(route(x, "idx-b", 100), base).calleePosition()).isEqualTo(1);

		scripts.call(release("b-7"), base);

		assertThat(hget("s:" + block + ":0", "2")).isNull();
		assertThat(redisson.getBitSet(base + "f:" + block).get(2)).as("free again").isFalse();
		assertThat(scripts.call(route(x, "idx-a", 100), base).reason()).isEqualTo("BINDING_EXPIRED");
		assertThat(scripts.call(route(x, "idx-stranger", 100), base).reason()).isEqualTo("NO_BINDING");
		assertThat(scripts.call(axb("b-8", 2), base).virtualNumber()).as("leased again, alone").isEqualTo(x);
		assertThat(scripts.call(route(x, "idx-b", 100), base).bindingId()).isEqualTo("b-8");
	}

	@Test
	void aBindingStoredBeforeFormat2RoutesAndEndsAndIsRewrittenInFormat2() {
		initBlock(10, 0);
		String x = block + "0003";
		// a real binding id (shard tag and 14 characters): format 2 stores it without the
		// tag
		long now = System.currentTimeMillis();
		// as format 1 left it: a fifteen-field record, route entries and a load-set
		// member
		redisson.<String, String>getMap(base + "b", StringCodec.INSTANCE)
			.put(OLD, String.join("|", "A", PLATFORM, "ORD-1", "AXB", x, "", "BOTH", "1", Long.toString(now),
					Long.toString(now + 60_000), "idx-a", "idx-b", "parties-ciphertext", "", ""));
		redisson.<String, String>getMap(base + "x:" + x, StringCodec.INSTANCE)
			.putAll(Map.of("idx-a", OLD, "idx-b", OLD));
		redisson.<String>getScoredSortedSet(base + "l:" + block, StringCodec.INSTANCE).add(1, "3");
		redisson.getBitSet(base + "f:" + block).set(3);

		RouteCall.Decision decision = scripts.call(route(x, "idx-b", 100), base);
		assertThat(decision.bindingId()).isEqualTo(OLD);
		assertThat(decision.calleePosition()).isEqualTo(1);
		assertThat(scripts.call(axb("b-9", 3), base).result()).as("A is party on X already")
			.isEqualTo("NUMBER_UNAVAILABLE");
		assertThat(scripts.call(release(OLD), base)).isEqualTo("OK");

		assertThat(hget("b", OLD)).as("moved to its field").isNull();
		assertThat(hget("b", OLD.substring(2))).startsWith("r|");
		BindingRecord ended = BindingRecord.parse(hget("b", OLD.substring(2)));
		assertThat(ended.status()).isEqualTo(BindingRecord.Status.RELEASED);
		assertThat(ended.createdAt()).isEqualTo(Instant.ofEpochMilli(now));
		assertThat(redisson.getBitSet(base + "f:" + block).get(3)).as("free again").isFalse();
		assertThat(scripts.call(route(x, "idx-a", 100), base).reason()).isEqualTo("BINDING_EXPIRED");
	}

	@Test
	void aFullCallStreamAnswersBacklogAndRecordsNothing() {
		initBlock(10, 0);
		scripts.call(route(block + "0001", "idx-a", 100), base);
		long entries = redisson.getStream(base + "calls", StringCodec.INSTANCE).size();

		RouteCall.Decision decision = scripts.call(route(block + "0001", "idx-a", entries), base);

		assertThat(decision.backlog()).isTrue();
		assertThat(redisson.getStream(base + "calls", StringCodec.INSTANCE).size()).isEqualTo(entries);
	}

	/**
	 * The AXN cool-down of the two tests below: their "still cooling down" holds only if
	 * the next script call comes within it, and on a loaded 2-core machine a pause
	 * between two calls can pass 200 ms.
	 */
	private static final long COOL_DOWN_MILLIS = 1_000;

	@Test
	void anAxnNumberWhoseCoolDownIsOverIsLeasedAgainWhenTheBlockIsOtherwiseFull() throws InterruptedException {
		initBlock(1, COOL_DOWN_MILLIS);
		String x = scripts.call(axn("n-1"), base).virtualNumber();
		scripts.call(release("n-1"), base);

		assertThat(scripts.call(axn("n-2"), base).result()).as("still cooling down").isEqualTo("FULL");
		Thread.sleep(COOL_DOWN_MILLIS + 100);

		LeaseCall.Reply again = scripts.call(axn("n-3"), base);
		assertThat(again.result()).isEqualTo("OK");
		assertThat(again.virtualNumber()).isEqualTo(x);
	}

	@Test
	void theSweepFreesAnAxnNumberOnceItsCoolDownIsOver() throws InterruptedException {
		initBlock(2, COOL_DOWN_MILLIS);
		scripts.call(new LeaseCall("n-4", PLATFORM, "ORD-1", "AXN", block, 0, "idx-a", "", "parties-ciphertext", "BOTH",
				false, 60_000L, null, 0, "consent", Instant.now(), 1000), base);
		scripts.call(release("n-4"), base);

		sweep();
		assertThat(redisson.getBitSet(base + "f:" + block).get(0)).as("cooling down, not freed").isTrue();
		Thread.sleep(COOL_DOWN_MILLIS + 100);
		sweep();

		assertThat(redisson.getBitSet(base + "f:" + block).get(0)).as("free again").isFalse();
		assertThat(redisson.getScoredSortedSet(base + "c:" + block, StringCodec.INSTANCE).isExists()).isFalse();
		assertThat(redisson.getScoredSortedSet(base + "cq", StringCodec.INSTANCE).contains(block)).isFalse();
	}

	private void initBlock(int size, long cooldownMillis) {
		scripts.run(LeaseScript.INIT_BLOCK, base, block, POOL, Integer.toString(size), "5",
				Long.toString(cooldownMillis));
	}

	private void sweep() {
		scripts.run(LeaseScript.SWEEP, base, "1000", "500", "86400000");
	}

	private LeaseCall axb(String id, int index) {
		return new LeaseCall(id, PLATFORM, "ORD-1", "AXB", block, index, "idx-a", "idx-b", "parties-ciphertext", "BOTH",
				true, 60_000L, null, 0, "consent", Instant.now(), 1000);
	}

	private LeaseCall pair(String id, int index, String partyA, String partyB) {
		return new LeaseCall(id, PLATFORM, "ORD-2", "AXB", block, index, partyA, partyB, "parties-ciphertext", "BOTH",
				true, 60_000L, null, 0, "consent", Instant.now(), 1000);
	}

	private LeaseCall axn(String id) {
		return new LeaseCall(id, PLATFORM, "ORD-1", "AXN", block, -1, "idx-a", "", "parties-ciphertext", "BOTH", false,
				60_000L, null, 0, "consent", Instant.now(), 1000);
	}

	private static ReleaseCall release(String id) {
		return new ReleaseCall(id, "", "DELETED", 86_400_000, 1000);
	}

	private static RouteCall route(String x, String caller, long streamLimit) {
		return new RouteCall(x, "call-" + UUID.randomUUID(), caller, "caller-ciphertext", "VOICE", 30, 600_000, 600_000,
				600_000, "routed:" + UUID.randomUUID(), streamLimit);
	}

	private String hget(String key, String field) {
		return redisson.<String, String>getMap(base + key, StringCodec.INSTANCE).get(field);
	}

	private Map<String, String> lastEvent(String stream) {
		Map<StreamMessageId, Map<String, String>> last = redisson
			.<String, String>getStream(base + stream, StringCodec.INSTANCE)
			.rangeReversed(1, StreamMessageId.MAX, StreamMessageId.MIN);
		return last.values().iterator().next();
	}

}
