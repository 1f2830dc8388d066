package io.numshield.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.numshield.core.number.PhoneNumberFixtures;
import io.numshield.core.number.RealNumber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyToolTests {

	private static final List<String> ALL = List.of(ProtectionKeys.AEAD_KEYSET_FILE,
			ProtectionKeys.BLIND_INDEX_KEY_FILE, ProtectionKeys.IDEMPOTENCY_KEY_FILE, ApiKeySecretKeyset.FILE);

	@Test
	void generateWritesEveryKeyFileReadableByItsOwnerOnly(@TempDir Path tmp) throws Exception {
		Path dir = tmp.resolve("keys");

		assertThat(KeyTool.generate(dir)).containsExactlyInAnyOrderElementsOf(ALL);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
		for (String file : ALL) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)))).as(file)
				.isEqualTo("rw-------");
		}
		assertThat(ProtectionKeys.fromDirectory(dir).hasIdempotencyKey()).isTrue();
		assertThat(ApiKeySecretKeyset.fromDirectory(dir).keyCount()).isEqualTo(1);
		try (var listing = Files.list(dir)) {
			assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(ALL);
		}
	}

	@Test
	void generateOnAnOlderDirectoryAddsTheMissingKeysAndKeepsTheOthers(@TempDir Path dir) throws Exception {
		ProtectionKeys old = ProtectionKeys.generate();
		old.writeTo(dir);
		Files.delete(dir.resolve(ProtectionKeys.IDEMPOTENCY_KEY_FILE));
		Files.setPosixFilePermissions(dir.resolve(ProtectionKeys.BLIND_INDEX_KEY_FILE),
				PosixFilePermissions.fromString("rw-r--r--"));
		String aeadBefore = Files.readString(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE));
		RealNumber number = RealNumber.parse(PhoneNumberFixtures.mobile(40));

		assertThat(KeyTool.generate(dir)).containsExactly(ProtectionKeys.IDEMPOTENCY_KEY_FILE, ApiKeySecretKeyset.FILE);

		assertThat(Files.readString(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE))).isEqualTo(aeadBefore);
		assertThat(new PersonalDataProtector(ProtectionKeys.fromDirectory(dir)).blindIndex(number))
			.isEqualTo(new PersonalDataProtector(old).blindIndex(number));
		for (String file : ALL) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)))).as(file)
				.isEqualTo("rw-------");
		}
		assertThat(KeyTool.generate(dir)).isEmpty();
	}

	@Test
	void generateRefusesABlindIndexKeyWithoutItsKeyset(@TempDir Path dir) throws Exception {
		ProtectionKeys.generate().writeTo(dir);
		Files.delete(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE));

		assertThatIllegalStateException().isThrownBy(() -> KeyTool.generate(dir))
			.withMessageContaining(ProtectionKeys.AEAD_KEYSET_FILE);
	}

	@Test
	void rotationRewritesTheKeyFileOwnerOnly(@TempDir Path dir) throws Exception {
		KeyTool.generate(dir);
		Files.setPosixFilePermissions(dir.resolve(ApiKeySecretKeyset.FILE),
				PosixFilePermissions.fromString("rw-r--r--"));

		KeyTool.main(new String[] { "rotate-api-key-secrets", dir.toString() });
		KeyTool.main(new String[] { "rotate", dir.toString() });

		assertThat(ApiKeySecretKeyset.fromDirectory(dir).keyCount()).isEqualTo(2);
		assertThat(ProtectionKeys.fromDirectory(dir).aeadKeyCount()).isEqualTo(2);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ApiKeySecretKeyset.FILE))))
			.isEqualTo("rw-------");
	}

}
