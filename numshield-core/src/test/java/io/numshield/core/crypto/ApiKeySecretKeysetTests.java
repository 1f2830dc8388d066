package io.numshield.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeySecretKeysetTests {

	private final ApiKeySecretKeyset keyset = ApiKeySecretKeyset.generate();

	@Test
	void secretRoundTripsForItsKeyIdAndRole() {
		String ciphertext = keyset.encrypt("api-key-secret", "pk_0123", "PLATFORM");

		assertThat(ciphertext).doesNotContain("api-key-secret");
		assertThat(keyset.decrypt(ciphertext, "pk_0123", "PLATFORM")).isEqualTo("api-key-secret");
	}

	@Test
	void aCiphertextMovedToAnotherKeyIdOrRoleDoesNotDecrypt() {
		String ciphertext = keyset.encrypt("api-key-secret", "ck_0123", "CARRIER");

		assertThatIllegalStateException().isThrownBy(() -> keyset.decrypt(ciphertext, "ck_4567", "CARRIER"));
		assertThatIllegalStateException().isThrownBy(() -> keyset.decrypt(ciphertext, "ck_0123", "OPERATOR"));
		assertThatIllegalStateException().isThrownBy(() -> keyset.decrypt(ciphertext, "ck_012", "3CARRIER"));
	}

	@Test
	void anotherKeysetAndThePersonalDataKeysCannotDecrypt() {
		String ciphertext = keyset.encrypt("api-key-secret", "rk_1", "REGULATOR");
		PersonalDataProtector personal = new PersonalDataProtector(ProtectionKeys.generate());

		assertThatIllegalStateException()
			.isThrownBy(() -> ApiKeySecretKeyset.generate().decrypt(ciphertext, "rk_1", "REGULATOR"));
		assertThatIllegalStateException().isThrownBy(() -> personal.decryptSecret(ciphertext));
	}

	@Test
	void rotatedKeysetStillDecryptsAndRoundTripsThroughADirectory(@TempDir Path dir) {
		String old = keyset.encrypt("old", "ok_1", "OPERATOR");
		ApiKeySecretKeyset rotated = keyset.rotate();
		String fresh = rotated.encrypt("fresh", "ok_2", "OPERATOR");

		rotated.writeTo(dir);
		ApiKeySecretKeyset read = ApiKeySecretKeyset.configured(null, dir.toString());

		assertThat(read.keyCount()).isEqualTo(2);
		assertThat(read.decrypt(old, "ok_1", "OPERATOR")).isEqualTo("old");
		assertThat(read.decrypt(fresh, "ok_2", "OPERATOR")).isEqualTo("fresh");
		assertThatIllegalStateException().isThrownBy(() -> keyset.decrypt(fresh, "ok_2", "OPERATOR"));
	}

	@Test
	void legacySecretsDecryptWithThePersonalDataKeysetOnly(@TempDir Path dir) throws Exception {
		ProtectionKeys personal = ProtectionKeys.generate();
		personal.writeTo(dir);
		String legacy = new PersonalDataProtector(personal).encryptSecret("legacy-secret");

		String keysetJson = Files.readString(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE));

		assertThat(ApiKeySecretKeyset.legacySecretDecrypter(keysetJson).apply(legacy)).isEqualTo("legacy-secret");
		assertThatIllegalStateException().isThrownBy(() -> ApiKeySecretKeyset.legacySecretDecrypter(keysetJson)
			.apply(keyset.encrypt("x", "ok_1", "OPERATOR")));
	}

	@Test
	void aMissingKeysetNamesTheCommandThatMakesIt(@TempDir Path dir) {
		assertThatIllegalStateException().isThrownBy(() -> ApiKeySecretKeyset.configured(null, dir.toString()))
			.withMessageContaining(ApiKeySecretKeyset.FILE)
			.withMessageContaining("KeyTool")
			.withMessageContaining("generate");
		assertThatIllegalStateException().isThrownBy(() -> ApiKeySecretKeyset.configured(" ", null))
			.withMessageContaining("NUMSHIELD_KEYS_API_KEY_SECRETS_KEYSET");
	}

}
