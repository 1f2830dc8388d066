package io.numshield.core.crypto;

import static io.numshield.core.number.PhoneNumberFixtures.e164;
import static io.numshield.core.number.PhoneNumberFixtures.fixedLine;
import static io.numshield.core.number.PhoneNumberFixtures.forms;
import static io.numshield.core.number.PhoneNumberFixtures.mobile;
import static io.numshield.core.number.PhoneNumberFixtures.otherMobile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.numshield.core.number.RealNumber;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalDataProtectorTests {

	private final ProtectionKeys keys = ProtectionKeys.generate();

	private final PersonalDataProtector protector = new PersonalDataProtector(keys);

	@Test
	void onePartyRoundTrips() {
		List<RealNumber> parties = List.of(RealNumber.parse(mobile(1)));

		assertThat(protector.decryptParties(protector.encryptParties(parties))).containsExactlyElementsOf(parties);
	}

	@Test
	void twoPartiesRoundTripInOrder() {
		RealNumber a = RealNumber.parse(mobile(2));
		RealNumber b = RealNumber.parse(fixedLine(2));

		assertThat(protector.decryptParties(protector.encryptParties(List.of(a, b)))).containsExactly(a, b);
		assertThat(protector.decryptParties(protector.encryptParties(List.of(b, a)))).containsExactly(b, a);
	}

	@Test
	void ciphertextRevealsNoFormOfTheNumbers() {
		String a = mobile(3);
		String b = otherMobile(3);

		String ciphertext = protector.encryptParties(List.of(RealNumber.parse(a), RealNumber.parse(b)));

		for (String form : forms(a)) {
			assertThat(ciphertext).doesNotContain(form);
		}
		for (String form : forms(b)) {
			assertThat(ciphertext).doesNotContain(form);
		}
		String decoded = new String(Base64.getDecoder().decode(ciphertext), StandardCharsets.ISO_8859_1);
		for (String form : forms(a)) {
			assertThat(decoded).doesNotContain(form);
		}
	}

	@Test
	void twoEncryptionsOfTheSamePartiesDiffer() {
		List<RealNumber> parties = List.of(RealNumber.parse(mobile(4)), RealNumber.parse(otherMobile(4)));

		String first = protector.encryptParties(parties);
		String second = protector.encryptParties(parties);

		assertThat(first).isNotEqualTo(second);
		assertThat(protector.decryptParties(first)).isEqualTo(protector.decryptParties(second));
	}

	@Test
	void blindIndexIsStableForEqualNumbers() {
		String national = mobile(5);

		String index = protector.blindIndex(RealNumber.parse(national));

		assertThat(protector.blindIndex(RealNumber.parse(national))).isEqualTo(index);
		assertThat(protector.blindIndex(RealNumber.parse(e164(national)))).isEqualTo(index);
		assertThat(new PersonalDataProtector(keys).blindIndex(RealNumber.parse(national))).isEqualTo(index);
	}

	@Test
	void blindIndexDiffersBetweenNumbers() {
		assertThat(protector.blindIndex(RealNumber.parse(mobile(6))))
			.isNotEqualTo(protector.blindIndex(RealNumber.parse(mobile(7))))
			.isNotEqualTo(protector.blindIndex(RealNumber.parse(otherMobile(6))));
	}

	@Test
	void blindIndexDiffersBetweenKeySets() {
		RealNumber number = RealNumber.parse(mobile(8));

		assertThat(new PersonalDataProtector(ProtectionKeys.generate()).blindIndex(number))
			.isNotEqualTo(protector.blindIndex(number));
	}

	@Test
	void blindIndexIsSixteenCharactersOfBase64Url() {
		String national = fixedLine(9);

		String index = protector.blindIndex(RealNumber.parse(national));

		assertThat(index).hasSize(16).matches("[A-Za-z0-9_-]{16}");
		assertThat(Base64.getUrlDecoder().decode(index)).hasSize(PersonalDataProtector.BLIND_INDEX_BYTES);
		for (String form : forms(national)) {
			assertThat(index).doesNotContain(form);
		}
	}

	@Test
	void rotatedKeysStillDecryptOldCiphertext() {
		List<RealNumber> parties = List.of(RealNumber.parse(mobile(10)), RealNumber.parse(otherMobile(10)));
		String old = protector.encryptParties(parties);
		String oldSecret = protector.encryptSecret("callback-secret");

		ProtectionKeys rotated = keys.rotate();
		PersonalDataProtector afterRotation = new PersonalDataProtector(rotated);

		assertThat(rotated.aeadKeyCount()).isEqualTo(keys.aeadKeyCount() + 1);
		assertThat(afterRotation.decryptParties(old)).isEqualTo(parties);
		assertThat(afterRotation.decryptSecret(oldSecret)).isEqualTo("callback-secret");
		assertThat(afterRotation.blindIndex(parties.get(0))).isEqualTo(protector.blindIndex(parties.get(0)));
		assertThatIllegalStateException()
			.isThrownBy(() -> new PersonalDataProtector(ProtectionKeys.generate()).decryptParties(old));
	}

	@Test
	void rotatedKeysEncryptWithTheNewPrimary() {
		List<RealNumber> parties = List.of(RealNumber.parse(mobile(11)));
		PersonalDataProtector afterRotation = new PersonalDataProtector(keys.rotate());

		String fresh = afterRotation.encryptParties(parties);

		assertThat(afterRotation.decryptParties(fresh)).isEqualTo(parties);
		assertThatIllegalStateException().isThrownBy(() -> protector.decryptParties(fresh));
	}

	@Test
	void otherKeysCannotDecrypt() {
		String ciphertext = protector.encryptParties(List.of(RealNumber.parse(mobile(12))));
		String secret = protector.encryptSecret("callback-secret");
		PersonalDataProtector stranger = new PersonalDataProtector(ProtectionKeys.generate());

		assertThatIllegalStateException().isThrownBy(() -> stranger.decryptParties(ciphertext));
		assertThatIllegalStateException().isThrownBy(() -> stranger.decryptSecret(secret));
	}

	@Test
	void tamperedOrMalformedCiphertextIsRefused() {
		String ciphertext = protector.encryptParties(List.of(RealNumber.parse(mobile(13))));
		int middle = ciphertext.length() / 2;
		String tampered = ciphertext.substring(0, middle) + (ciphertext.charAt(middle) == 'A' ? 'B' : 'A')
				+ ciphertext.substring(middle + 1);

		assertThatIllegalStateException().isThrownBy(() -> protector.decryptParties(tampered));
		assertThatIllegalStateException().isThrownBy(() -> protector.decryptParties("not base64!"));
	}

	@Test
	void partiesAndSecretsDoNotDecryptAsEachOther() {
		String parties = protector.encryptParties(List.of(RealNumber.parse(mobile(14))));
		String secret = protector.encryptSecret(e164(mobile(14)));

		assertThatIllegalStateException().isThrownBy(() -> protector.decryptSecret(parties));
		assertThatIllegalStateException().isThrownBy(() -> protector.decryptParties(secret));
	}

	@Test
	void recordingLocationsRoundTripAndPassForNothingElse() {
		String location = "s3://recordings/2026/11/zhang-san-call-1.wav";

		String ciphertext = protector.encryptRecordingLocation(location);

		assertThat(ciphertext).doesNotContain("zhang-san").doesNotContain("recordings");
		assertThat(protector.decryptRecordingLocation(ciphertext)).isEqualTo(location);
		assertThatIllegalStateException().isThrownBy(() -> protector.decryptSecret(ciphertext));
		assertThatIllegalStateException()
			.isThrownBy(() -> protector.decryptRecordingLocation(protector.encryptSecret(location)));
	}

	@Test
	void secretRoundTrips() {
		String secret = "s3cr3t-with-ünïcödé-and-|,-separators";

		String ciphertext = protector.encryptSecret(secret);

		assertThat(ciphertext).doesNotContain(secret);
		assertThat(protector.encryptSecret(secret)).isNotEqualTo(ciphertext);
		assertThat(protector.decryptSecret(ciphertext)).isEqualTo(secret);
	}

	@Test
	void keysRoundTripThroughADirectory(@TempDir Path dir) {
		RealNumber number = RealNumber.parse(mobile(15));
		String ciphertext = protector.encryptParties(List.of(number));

		keys.writeTo(dir.resolve("keys"));
		ProtectionKeys read = ProtectionKeys.fromDirectory(dir.resolve("keys"));
		PersonalDataProtector fromDisk = new PersonalDataProtector(read);

		assertThat(dir.resolve("keys").resolve(ProtectionKeys.AEAD_KEYSET_FILE)).isRegularFile();
		assertThat(dir.resolve("keys").resolve(ProtectionKeys.BLIND_INDEX_KEY_FILE)).isRegularFile();
		assertThat(read.aeadKeyCount()).isEqualTo(keys.aeadKeyCount());
		assertThat(fromDisk.decryptParties(ciphertext)).containsExactly(number);
		assertThat(fromDisk.blindIndex(number)).isEqualTo(protector.blindIndex(number));
	}

	@Test
	void rotatedKeysRoundTripThroughADirectory(@TempDir Path dir) {
		String old = protector.encryptParties(List.of(RealNumber.parse(mobile(16))));
		ProtectionKeys rotated = keys.rotate();
		String fresh = new PersonalDataProtector(rotated).encryptParties(List.of(RealNumber.parse(mobile(17))));

		rotated.writeTo(dir);
		PersonalDataProtector fromDisk = new PersonalDataProtector(ProtectionKeys.fromDirectory(dir));

		assertThat(fromDisk.decryptParties(old)).containsExactly(RealNumber.parse(mobile(16)));
		assertThat(fromDisk.decryptParties(fresh)).containsExactly(RealNumber.parse(mobile(17)));
	}

	@Test
	void blindIndexKeyShorterThan32BytesIsRefused(@TempDir Path dir) throws Exception {
		keys.writeTo(dir);
		String keyset = Files.readString(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProtectionKeys.of(keyset, Base64.getEncoder().encodeToString(new byte[31])));
		assertThat(ProtectionKeys.of(keyset, Base64.getEncoder().encodeToString(new byte[32])).aeadKeyCount())
			.isEqualTo(1);
	}

	@Test
	void blindIndexKeyFileWithTrailingNewlineIsRead(@TempDir Path dir) throws Exception {
		keys.writeTo(dir);
		Path keyFile = dir.resolve(ProtectionKeys.BLIND_INDEX_KEY_FILE);
		Files.writeString(keyFile, Files.readString(keyFile) + "\n");
		RealNumber number = RealNumber.parse(mobile(18));

		assertThat(new PersonalDataProtector(ProtectionKeys.fromDirectory(dir)).blindIndex(number))
			.isEqualTo(protector.blindIndex(number));
	}

	@Test
	void invalidKeysetIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProtectionKeys.of("{}", Base64.getEncoder().encodeToString(new byte[32])));
	}

	@Test
	void requestFingerprintIsAnHmacWithTheIdempotencyKeyNotAHashOfTheBody() throws Exception {
		String body = "{\"orderId\":\"ORD-1\",\"partyA\":\"" + e164(mobile(19)) + "\"}";

		String fingerprint = protector.requestFingerprint(body);

		String sha256 = java.util.HexFormat.of()
			.formatHex(
					java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
		assertThat(fingerprint).hasSize(32).matches("[0-9a-f]{32}");
		assertThat(sha256).doesNotStartWith(fingerprint);
		assertThat(protector.requestFingerprint(body)).isEqualTo(fingerprint);
		assertThat(new PersonalDataProtector(keys).requestFingerprint(body)).isEqualTo(fingerprint);
		assertThat(new PersonalDataProtector(ProtectionKeys.generate()).requestFingerprint(body))
			.isNotEqualTo(fingerprint);
		assertThat(protector.requestFingerprint(body + " ")).isNotEqualTo(fingerprint);
	}

	@Test
	void theIdempotencyKeyIsItsOwnNotTheBlindIndexKey(@TempDir Path dir) throws Exception {
		keys.writeTo(dir);
		String sameAsBlindIndex = Files.readString(dir.resolve(ProtectionKeys.BLIND_INDEX_KEY_FILE));
		ProtectionKeys reused = ProtectionKeys.of(Files.readString(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE)),
				sameAsBlindIndex, sameAsBlindIndex);
		String body = "{\"partyA\":\"" + e164(mobile(20)) + "\"}";

		assertThat(Files.readString(dir.resolve(ProtectionKeys.IDEMPOTENCY_KEY_FILE))).isNotEqualTo(sameAsBlindIndex);
		assertThat(new PersonalDataProtector(reused).requestFingerprint(body))
			.isNotEqualTo(protector.requestFingerprint(body));
		assertThat(new PersonalDataProtector(ProtectionKeys.fromDirectory(dir)).requestFingerprint(body))
			.isEqualTo(protector.requestFingerprint(body));
	}

	@Test
	void keysWithoutAnIdempotencyKeyProtectNumbersButRefuseToFingerprint(@TempDir Path dir) throws Exception {
		keys.writeTo(dir);
		Files.delete(dir.resolve(ProtectionKeys.IDEMPOTENCY_KEY_FILE));
		ProtectionKeys older = ProtectionKeys.fromDirectory(dir);
		PersonalDataProtector withoutKey = new PersonalDataProtector(older);
		RealNumber number = RealNumber.parse(mobile(21));

		assertThat(older.hasIdempotencyKey()).isFalse();
		assertThat(withoutKey.blindIndex(number)).isEqualTo(protector.blindIndex(number));
		assertThatIllegalStateException().isThrownBy(withoutKey::requireRequestFingerprintKey)
			.withMessageContaining(ProtectionKeys.IDEMPOTENCY_KEY_FILE)
			.withMessageContaining("NUMSHIELD_KEYS_IDEMPOTENCY_KEY")
			.withMessageContaining("KeyTool");
		assertThatIllegalStateException().isThrownBy(() -> withoutKey.requestFingerprint("{}"));
		assertThat(older.withMissingKeys().hasIdempotencyKey()).isTrue();
	}

	@Test
	void configuredReadsTheIdempotencyKeyInlineOrFromTheDirectory(@TempDir Path dir) throws Exception {
		keys.writeTo(dir);
		String keyset = Files.readString(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE));
		String blind = Files.readString(dir.resolve(ProtectionKeys.BLIND_INDEX_KEY_FILE));
		String idempotency = Files.readString(dir.resolve(ProtectionKeys.IDEMPOTENCY_KEY_FILE));

		assertThat(ProtectionKeys.configured(keyset, blind, idempotency, null).hasIdempotencyKey()).isTrue();
		assertThat(ProtectionKeys.configured(keyset, blind, null, null).hasIdempotencyKey()).isFalse();
		assertThat(ProtectionKeys.configured(null, null, null, dir.toString()).hasIdempotencyKey()).isTrue();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProtectionKeys.of(keyset, blind, Base64.getEncoder().encodeToString(new byte[31])));
	}

}
