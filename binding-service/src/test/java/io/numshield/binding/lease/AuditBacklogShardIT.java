package io.numshield.binding.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.binding.BindingServiceITSupport;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualShard;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The backlog guard refuses leases only on the shard whose audit trail is behind: a bind
 * landing there is 503 AUDIT_BACKLOG, a bind on any other shard goes through. The test
 * reads the backlog itself once the streams are set up, so the guard's verdict does not
 * wait for its period; the state it sets up stays the same while the test runs. (The
 * settings are AuditBacklogIT's, so both share one application context.)
 */
@TestPropertySource(properties = { "numshield.binding.audit-backlog-limit=5",
		"numshield.binding.audit-backlog-check=100ms", "numshield.binding.audit-group=audit-backlog-it" })
class AuditBacklogShardIT extends BindingServiceITSupport {

	private static final String GROUP = "audit-backlog-it";

	@Autowired
	AuditBacklogGuard guard;

	@AfterEach
	void removeGroups() {
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE).removeGroup(GROUP);
		}
	}

	@Test
	void refusesLeasesOnlyOnTheShardWhoseAuditTrailIsBehind() {
		String[] behind = segmentPool(null, null);
		VirtualShard late = ManagementNumber.segment700(behind[1]).shard();
		String[] other = segmentPool(null, null);
		while (ManagementNumber.segment700(other[1]).shard().equals(late)) {
			other = segmentPool(null, null);
		}
		String platformId = platform(List.of(behind[0], other[0]), null);
		String token = platformToken(platformId);
		// every shard's audit trail is up to date, then one shard's falls behind by more
		// than the bound (5)
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE)
				.createGroup(StreamCreateGroupArgs.name(GROUP).id(StreamMessageId.NEWEST).makeStream());
		}
		for (int i = 0; i < 10; i++) {
			redisson.<String, String>getStream(keys.events(late), StringCodec.INSTANCE)
				.add(StreamAddArgs.entries(Map.of("v", "1", "type", "BACKLOG_TEST", "eventId", "backlog-" + i)));
		}
		guard.refresh();

		Map<String, Object> onLate = axb("ORD-LATE", mobile(), mobile());
		onLate.put("poolId", behind[0]);
		Response refused = call("POST", "/v1/bindings", token, onLate);
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.code()).isEqualTo("AUDIT_BACKLOG");
		assertThat(refused.contentType()).startsWith("application/problem+json");
		Map<String, Object> asked = axb("ORD-LATE", mobile(), mobile());
		asked.put("virtualNumber", behind[1] + "0001");
		assertThat(call("POST", "/v1/bindings", token, asked).code()).isEqualTo("AUDIT_BACKLOG");

		Map<String, Object> onOther = axb("ORD-OTHER", mobile(), mobile());
		onOther.put("poolId", other[0]);
		Response leased = expect(call("POST", "/v1/bindings", token, onOther), 201);
		assertThat(leased.text("virtualNumber")).startsWith(other[1]);

		// without a pool named, the lease goes to the shard that is up to date
		Response anywhere = expect(call("POST", "/v1/bindings", token, axb("ORD-ANY", mobile(), mobile())), 201);
		assertThat(anywhere.text("virtualNumber")).startsWith(other[1]);
	}

}
