package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.number.VirtualShard;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.test.context.TestPropertySource;

/**
 * With a tiny backlog bound and no audit consumer, leasing stops with 503 AUDIT_BACKLOG;
 * once the audit group has acknowledged everything, leasing resumes by itself.
 */
@TestPropertySource(properties = { "numshield.binding.audit-backlog-limit=5",
		"numshield.binding.audit-backlog-check=100ms", "numshield.binding.audit-group=audit-backlog-it" })
class AuditBacklogIT extends BindingServiceITSupport {

	@Test
	void refusesNewLeasesWhileTheAuditTrailIsBehindAndResumesByItself() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			Response r = call("POST", "/v1/bindings", token, axb("ORD-AB", mobile(), mobile()));
			return r.status() == 503;
		});
		Response refused = call("POST", "/v1/bindings", token, axb("ORD-AB", mobile(), mobile()));
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.code()).isEqualTo("AUDIT_BACKLOG");
		assertThat(refused.contentType()).startsWith("application/problem+json");

		// the audit service catches up: its group has read and acknowledged everything
		// there is
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE)
				.createGroup(StreamCreateGroupArgs.name("audit-backlog-it").id(StreamMessageId.NEWEST).makeStream());
		}
		try {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> call("POST", "/v1/bindings", token, axb("ORD-AB", mobile(), mobile())).status() == 201);
		}
		finally {
			for (VirtualShard shard : VirtualShard.all()) {
				redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE)
					.removeGroup("audit-backlog-it");
			}
		}
	}

}
