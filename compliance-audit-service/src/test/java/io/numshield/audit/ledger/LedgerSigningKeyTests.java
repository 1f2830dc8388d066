package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.support.protection.ProtectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerSigningKeyTests {

	@TempDir
	Path dir;

	/**
	 * Instances started together on one key directory: one key is generated, and every
	 * instance signs with it.
	 */
	@Test
	void instancesStartingTogetherOnOneKeyDirectoryShareOneGeneratedKey() throws Exception {
		CheckpointProperties checkpoint = new CheckpointProperties(null, Duration.ofMinutes(5));
		ProtectionProperties keys = new ProtectionProperties(dir.toString(), null, null, null);
		int instances = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(instances);
		List<String> keyIds = new ArrayList<>();
		try {
			List<Future<LedgerSigningKey>> started = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				started.add(pool.submit(() -> {
					start.await();
					return new LedgerSigningKey(checkpoint, keys);
				}));
			}
			start.countDown();
			for (Future<LedgerSigningKey> each : started) {
				keyIds.add(each.get().keyId());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(keyIds).hasSize(instances).containsOnly(keyIds.get(0));
		try (var files = Files.list(dir)) {
			assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ledger-signing-key.pem");
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ledger-signing-key.pem"))))
			.isEqualTo("rw-------");
	}

}
