package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Version 2 of the canonical form: every column but the hashes, nulls left out, as Python's json.dumps writes it. */
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
		assertThat(CanonicalForm.v2(columns)).isEqualTo("{\"details\":\"{\\\"a\\\":\\\"x\\\\\\\"y\\\"}\",\"hash_version\":\"2\","
				+ "\"occurred_at\":\"2026-11-29T10:00:05Z\",\"parties\":\"AQID\",\"recorded_at\":\"2026-11-29T10:00:05.120Z\","
				+ "\"seq\":\"42\",\"type\":\"BINDING_CREATED\"}");
	}

	@Test
	void escapesLikePythonsJsonDumpsWithoutEnsureAscii() {
		StringBuilder out = new StringBuilder();
		CanonicalForm.quote("tab\there\u0001 \u6211 /", out);
		assertThat(out).hasToString("\"tab\\there\\u0001 \u6211 /\"");
	}
}
