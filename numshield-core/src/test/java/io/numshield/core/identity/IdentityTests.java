package io.numshield.core.identity;

import static io.numshield.core.number.PhoneNumberFixtures.mobile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.core.number.RealNumber;

import org.junit.jupiter.api.Test;

class IdentityTests {

	/** A made-up card number (region 99 does not exist) with its check character. */
	private static final String CARD_17 = "99000019900101001";

	private static String card() {
		return CARD_17 + IdCardCheck.of(CARD_17);
	}

	@Test
	void idCardNeedsItsCheckCharacter() {
		String good = card();
		char wrong = good.charAt(17) == '1' ? '2' : '1';

		assertThat(Identity.of(RealNumber.parse(mobile(1)), "测试甲", IdType.ID_CARD, good).idNumber()).isEqualTo(good);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Identity.of(RealNumber.parse(mobile(1)), "测试甲", IdType.ID_CARD, CARD_17 + wrong))
			.withMessageContaining("check character")
			.withMessageNotContaining(CARD_17);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Identity.of(RealNumber.parse(mobile(1)), "测试甲", IdType.ID_CARD, CARD_17));
	}

	@Test
	void theCheckCharacterOfAKnownExampleIsX() {
		// the worked example of GB 11643's check: 11010519491231002 -> X
		assertThat(IdCardCheck.of("11010519491231002")).isEqualTo('X');
	}

	@Test
	void nameIsOneToAHundredCharactersWithoutControls() {
		RealNumber phone = RealNumber.parse(mobile(2));
		assertThatIllegalArgumentException().isThrownBy(() -> Identity.of(phone, " ", IdType.PASSPORT, "E1234567"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Identity.of(phone, "甲".repeat(101), IdType.PASSPORT, "E1234567"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Identity.of(phone, "Test\nPerson", IdType.PASSPORT, "E1234567"));
		assertThat(Identity.of(phone, "甲".repeat(100), IdType.PASSPORT, "e 1234567").idNumber()).isEqualTo("E1234567");
	}

	@Test
	void maskedFormsKeepTheFirstCharacterOfEachWordAndTheEndsOfTheDocument() {
		Identity chinese = Identity.of(RealNumber.parse(mobile(3)), "张三", IdType.ID_CARD, card());
		Identity latin = Identity.of(RealNumber.parse(mobile(3)), "John Doe", IdType.PASSPORT, "E12345678");

		assertThat(chinese.maskedName()).isEqualTo("张*");
		assertThat(latin.maskedName()).isEqualTo("J*** D**");
		assertThat(chinese.maskedIdNumber()).isEqualTo("99**************" + card().substring(16));
		assertThat(latin.maskedIdNumber()).isEqualTo("E1*****78");
		assertThat(latin.toString()).doesNotContain("John", "E12345678", mobile(3));
	}

	@Test
	void roundTripsThroughItsCiphertextAndIndexesByDocument() {
		PersonalDataProtector protector = new PersonalDataProtector(ProtectionKeys.generate());
		Identity identity = Identity.of(RealNumber.parse(mobile(4)), "John Doe", IdType.PASSPORT, "E12345678");

		String ciphertext = protector.encryptIdentity(identity);

		assertThat(ciphertext).doesNotContain("John", "E12345678", mobile(4).substring(3));
		assertThat(protector.decryptIdentity(ciphertext)).isEqualTo(identity);
		assertThat(protector.blindIndex(IdType.PASSPORT, "E12345678"))
			.isEqualTo(protector.blindIndex(IdType.PASSPORT, "E12345678"))
			.isNotEqualTo(protector.blindIndex(IdType.TAIWAN_PERMIT, "E12345678"))
			.hasSize(16);
	}

}
