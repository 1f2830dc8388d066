package io.numshield.binding.lease;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotentCreatesTests {

	@Test
	void refusesToStartWithAKeyDirectoryWithoutAnIdempotencyKey(@TempDir Path dir) throws Exception {
		ProtectionKeys.generate().writeTo(dir);
		Files.delete(dir.resolve(ProtectionKeys.IDEMPOTENCY_KEY_FILE));
		PersonalDataProtector older = new PersonalDataProtector(ProtectionKeys.fromDirectory(dir));

		assertThatIllegalStateException().isThrownBy(() -> new IdempotentCreates(null, null, null, null, older))
			.withMessageContaining(ProtectionKeys.IDEMPOTENCY_KEY_FILE)
			.withMessageContaining("KeyTool")
			.withMessageContaining("generate");
	}

}
