package io.numshield.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.BindingRecord.Status;

import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BindingRecordTests {

	private static final Instant CREATED = Instant.parse("2030-01-02T03:04:05.678Z");

	private static final Instant EXPIRES = CREATED.plusSeconds(3600);

	private static final Instant ENDED = CREATED.plusSeconds(60);

	private static final String VIRTUAL = "700123456780042";

	/**
	 * The 15 stored fields, in order (the sixth reserved and empty); tests change one
	 * field at a time.
	 */
	private static String[] fields(String status) {
		return new String[] { status, "plat-1", "order-9", "AXB", VIRTUAL, "", "BOTH", "1",
				Long.toString(CREATED.toEpochMilli()), Long.toString(EXPIRES.toEpochMilli()), "idxA", "idxB",
				"cipher+/=", "", "" };
	}

	private static String join(String[] fields) {
		return String.join("|", fields);
	}

	@Test
	void parsesAnActiveRecord() {
		BindingRecord record = BindingRecord.parse(join(fields("A")));

		assertThat(record.status()).isEqualTo(Status.ACTIVE);
		assertThat(record.platformId()).isEqualTo("plat-1");
		assertThat(record.orderId()).isEqualTo("order-9");
		assertThat(record.mode()).isEqualTo("AXB");
		assertThat(record.virtualNumber()).isEqualTo(new VirtualNumber(VIRTUAL));
		assertThat(record.direction()).isEqualTo("BOTH");
		assertThat(record.recording()).isTrue();
		assertThat(record.createdAt()).isEqualTo(CREATED);
		assertThat(record.expiresAt()).isEqualTo(EXPIRES);
		assertThat(record.partyAIndex()).isEqualTo("idxA");
		assertThat(record.partyBIndex()).isEqualTo("idxB");
		assertThat(record.parties()).isEqualTo("cipher+/=");
		assertThat(record.endedAt()).isNull();
		assertThat(record.endReason()).isNull();
	}

	@Test
	void parsesTheCompactFormatLibLuaWrites() {
		String compact = String.join("|", "r", "plat-1", "order-9", "N", VIRTUAL, "R", "0",
				Long.toString(CREATED.toEpochMilli(), 36), Long.toString(EXPIRES.toEpochMilli(), 36), "idxA", "",
				"cipher+/=", Long.toString(ENDED.toEpochMilli(), 36), "DELETED");

		BindingRecord record = BindingRecord.parse(compact);

		assertThat(record)
			.isEqualTo(new BindingRecord(Status.RELEASED, "plat-1", "order-9", "AXN", new VirtualNumber(VIRTUAL),
					"B_TO_A", false, CREATED, EXPIRES, "idxA", "", "cipher+/=", ENDED, "DELETED", null, null, null));
		assertThat(compact.length()).as("shorter than format 1")
			.isLessThan(join(fields("R")).length() + "DELETED".length() - 4);
		assertThat(BindingRecord.parse(compact.replace("|R|0|", "|B|0|")).direction()).isEqualTo("BOTH");
		assertThat(BindingRecord.parse(compact.replace("|N|", "|B|")).mode()).isEqualTo("AXB");
	}

	@Test
	void readsAnAxeRecordWithItsExtensionAndItsOwnCallControls() {
		String compact = String.join("|", "a", "plat-1", "order-9", "E0042", VIRTUAL, "B", "1",
				Long.toString(CREATED.toEpochMilli(), 36), Long.toString(EXPIRES.toEpochMilli(), 36), "idxA", "idxB",
				"cipher", "", "", "300,,tone-1");

		BindingRecord record = BindingRecord.parse(compact);

		assertThat(record.mode()).isEqualTo("AXE");
		assertThat(record.extension()).isEqualTo("0042");
		assertThat(record.virtualNumber().digits()).isEqualTo(VIRTUAL);
		assertThat(CallControls.parse(record.callControls())).isEqualTo(new CallControls(300, null, "tone-1"));
		assertThat(BindingRecord.parse(compact.substring(0, compact.lastIndexOf('|'))).callControls()).isNull();
	}

	@Test
	void readsAnAxgRecordWhoseModeCarriesItsGroup() {
		String compact = String.join("|", "a", "plat-1", "order-9", "G112ABCDEFGHJKMNPQ", VIRTUAL, "B", "0",
				Long.toString(CREATED.toEpochMilli(), 36), Long.toString(EXPIRES.toEpochMilli(), 36), "idxA", "",
				"cipher", "", "");

		BindingRecord record = BindingRecord.parse(compact);

		assertThat(record.mode()).isEqualTo("AXG");
		assertThat(record.groupId()).isEqualTo("12ABCDEFGHJKMNPQ");
		assertThat(record.extension()).isNull();
		assertThat(record.partyBIndex()).isEmpty();
	}

	@Test
	void parsesReleasedAndExpiredRecordsWithTheirEnd() {
		String[] released = fields("R");
		released[13] = Long.toString(ENDED.toEpochMilli());
		released[14] = "DELETED";
		String[] expired = fields("E");
		expired[13] = Long.toString(EXPIRES.toEpochMilli());
		expired[14] = "EXPIRED";

		BindingRecord r = BindingRecord.parse(join(released));
		BindingRecord e = BindingRecord.parse(join(expired));

		assertThat(r.status()).isEqualTo(Status.RELEASED);
		assertThat(r.endedAt()).isEqualTo(ENDED);
		assertThat(r.endReason()).isEqualTo("DELETED");
		assertThat(e.status()).isEqualTo(Status.EXPIRED);
		assertThat(e.endedAt()).isEqualTo(EXPIRES);
		assertThat(e.endReason()).isEqualTo("EXPIRED");
	}

	@Test
	void recordingFlagIsTrueOnlyForOne() {
		String[] off = fields("A");
		off[7] = "0";
		String[] empty = fields("A");
		empty[7] = "";

		assertThat(BindingRecord.parse(join(off)).recording()).isFalse();
		assertThat(BindingRecord.parse(join(empty)).recording()).isFalse();
	}

	@Test
	void emptyPartyBIndexIsKept() {
		String[] axn = fields("A");
		axn[3] = "AXN";
		axn[11] = "";

		assertThat(BindingRecord.parse(join(axn)).partyBIndex()).isEmpty();
	}

	@Test
	void refusesWrongFieldCount() {
		String[] f = fields("A");
		String fourteen = join(Arrays.copyOf(f, 14));
		String sixteen = join(f) + "|extra";

		assertThatIllegalArgumentException().isThrownBy(() -> BindingRecord.parse(fourteen))
			.withMessageContaining("15");
		assertThatIllegalArgumentException().isThrownBy(() -> BindingRecord.parse(sixteen));
		assertThatIllegalArgumentException().isThrownBy(() -> BindingRecord.parse(""));
	}

	@Test
	void trailingEmptyFieldsCount() {
		String stored = join(fields("A"));

		assertThat(stored).endsWith("||");
		assertThat(BindingRecord.parse(stored).endedAt()).isNull();
	}

	@Test
	void refusesUnknownStatus() {
		assertThatIllegalArgumentException().isThrownBy(() -> BindingRecord.parse(join(fields("X"))));
	}

	@Test
	void refusesInvalidVirtualNumberAndTimestamps() {
		String[] badNumber = fields("A");
		badNumber[4] = "12345";
		String[] badTime = fields("A");
		badTime[8] = "yesterday";

		assertThatIllegalArgumentException().isThrownBy(() -> BindingRecord.parse(join(badNumber)));
		assertThatIllegalArgumentException().isThrownBy(() -> BindingRecord.parse(join(badTime)));
	}

	@Test
	void activeRecordIsActiveUntilItExpires() {
		BindingRecord record = BindingRecord.parse(join(fields("A")));

		assertThat(record.activeAt(CREATED)).isTrue();
		assertThat(record.activeAt(EXPIRES.minusMillis(1))).isTrue();
		assertThat(record.activeAt(EXPIRES)).isFalse();
		assertThat(record.activeAt(EXPIRES.plusSeconds(1))).isFalse();
		assertThat(record.effectiveStatus(EXPIRES.minusMillis(1))).isEqualTo(Status.ACTIVE);
	}

	@Test
	void activeRecordPastExpiryIsEffectivelyExpired() {
		BindingRecord record = BindingRecord.parse(join(fields("A")));

		assertThat(record.effectiveStatus(EXPIRES)).isEqualTo(Status.EXPIRED);
		assertThat(record.effectiveStatus(EXPIRES.plusSeconds(86_400))).isEqualTo(Status.EXPIRED);
		assertThat(record.status()).isEqualTo(Status.ACTIVE);
	}

	@Test
	void endedRecordsKeepTheirStatusAndAreNeverActive() {
		String[] released = fields("R");
		released[13] = Long.toString(ENDED.toEpochMilli());
		BindingRecord record = BindingRecord.parse(join(released));
		BindingRecord expired = BindingRecord.parse(join(fields("E")));

		assertThat(record.activeAt(CREATED)).isFalse();
		assertThat(record.effectiveStatus(CREATED)).isEqualTo(Status.RELEASED);
		assertThat(record.effectiveStatus(EXPIRES.plusSeconds(1))).isEqualTo(Status.RELEASED);
		assertThat(expired.activeAt(CREATED)).isFalse();
		assertThat(expired.effectiveStatus(CREATED)).isEqualTo(Status.EXPIRED);
	}

}
