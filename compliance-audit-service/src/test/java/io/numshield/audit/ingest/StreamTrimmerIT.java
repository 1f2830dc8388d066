package io.numshield.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.number.ManagementNumber;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/** Streams lose only what every consumer group has acknowledged. */
class StreamTrimmerIT extends AuditIntegrationTest {

	@Autowired
	StreamTrimmer trimmer;

	@Test
	void trimsOnlyBelowWhatEveryGroupHasAcknowledged() {
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		RStream<String, String> stream = redisson.getStream(keys.events(block.shard()), StringCodec.INSTANCE);
		stream.createGroup(StreamCreateGroupArgs.name("slow-reader").id(StreamMessageId.ALL).makeStream());
		try {
			String id = (String) leases
				.lease(block, 0, PhoneFixtures.mobile(), PhoneFixtures.mobile(), Duration.ofMinutes(5))
				.get("id");
			leases.release(id);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class,
						id) == 2 && stream.getPendingInfo("audit").getTotal() == 0);
			long length = stream.size();
			assertThat(length).isGreaterThanOrEqualTo(2);

			trimmer.trimAll();
			assertThat(stream.size()).as("a group that has read nothing keeps every entry").isEqualTo(length);
		}
		finally {
			stream.removeGroup("slow-reader");
		}
		trimmer.trimAll();
		// the audit group's last delivered entry stays; everything below it is gone
		assertThat(stream.size()).isEqualTo(1);
		assertThat(stream.getPendingInfo("audit").getTotal()).isZero();
	}

}
