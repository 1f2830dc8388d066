package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Version 2 of the canonical form: every column but the hashes, nulls left out, as
 * Python's json.dumps writes it.
 */
class CanonicalFormTests {

	@Test
	void coversEveryNonNullColumnButTheHashesSortedAsStrings() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("seq", 42L);
		columns.put("type", "BINDING_CREATED");
		columns.put("recorded_at", Timestamp.from(Instant.parse("2026-11-29T10:00:05.120Z")));
		columns.put("occurred_at", Timestamp.from(Instant.parse("2026-11-29T10:00:05Z")));
		columns.put("parties", "AQID");
		columns.put("party_b_index", null);
		columns.put("details", "{\"a\":\"x\\\"y\"}");
		columns.put("hash_version", 2);
		columns.put("prev_hash", "0".repeat(64));
		columns.put("hash", "f".repeat(64));
		assertThat(CanonicalForm.v2(columns))
			.isEqualTo("{\"details\":\"{\\\"a\\\":\\\"x\\\\\\\"y\\\"}\",\"hash_version\":\"2\","
					+ "\"occurred_at\":\"2026-11-29T10:00:05Z\",\"parties\":\"AQID\",\"recorded_at\":\"2026-11-29T10:00:05.120Z\","
					+ "\"seq\":\"42\",\"type\":\"BINDING_CREATED\"}");
	}

	@Test
	void escapesLikePythonsJsonDumpsWithoutEnsureAscii() {
		StringBuilder out = new StringBuilder();
		CanonicalForm.quote("tab\there\u0001 \u6211 /", out);
		assertThat(out).hasToString("\"tab\\there\\u0001 \u6211 /\"");
	}

	/**
	 * The ledger's own instant formatter writes exactly what Instant.toString writes, or
	 * leaves it to it.
	 */
	@Test
	void writesInstantsAsInstantToStringDoes() {
		SplittableRandom random = new SplittableRandom(7);
		long first = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
		long end = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
		for (int i = 0; i < 200_000; i++) {
			long seconds = random.nextLong(first - 86_400 * 400L, end + 86_400 * 400L);
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1, 2 -> random.nextInt(1000) * 1_000_000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nanos);
			assertThat(CanonicalForm.instant(instant)).as("%s", instant).isEqualTo(instant.toString());
		}
		for (long seconds : new long[] { first - 1, first, end - 1, end, 0, -1, 1 }) {
			Instant instant = Instant.ofEpochSecond(seconds, 5_000_000);
			assertThat(CanonicalForm.instant(instant)).isEqualTo(instant.toString());
			assertThat(CanonicalForm.text(Timestamp.from(instant))).isEqualTo(instant.toString());
		}
	}

	@Test
	void quotesPlainTextWhole() {
		StringBuilder out = new StringBuilder();
		CanonicalForm.quote("BINDING_CREATED 138****0001 /", out);
		assertThat(out).hasToString("\"BINDING_CREATED 138****0001 /\"");
	}

}
