package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.token.Role;
import io.numshield.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Text a client sends is checked where it enters: a control character (NUL included), a
 * lone surrogate or an over-long value is 400 VALIDATION_FAILED naming the field, never a
 * database refusal (it used to be 500 INTERNAL_ERROR: PostgreSQL refuses NUL in text),
 * and changes nothing.
 */
class BadInputIT extends BindingServiceITSupport {

	@Autowired
	PersonalDataProtector protector;

	@Test
	void aNulInABlocklistReasonIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
		String number = mobile();
		String index = protector.blindIndex(RealNumber.parse(number));
		long historyBefore = blocklistHistory();

		// JSON as a client could send it: escapes for NUL, a line break and a lone
		// surrogate half
		for (String reason : List.of("fraud\\u0000case", "line\\nbreak", "half \\ud83d surrogate", "x".repeat(5000))) {
			Response refused = call("POST", "/v1/blocklist", token(Role.REGULATOR, null),
					"{\"number\":\"" + number + "\",\"reason\":\"" + reason + "\"}");
			assertThat(refused.status()).as(reason).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.text("detail")).startsWith("field reason: ").doesNotContain(number);
		}
		assertThat(blocklistHistory()).isEqualTo(historyBefore);
		// no blocklist event for this number (the streams are shared with the suite's
		// other tests and their background sweeps, so their size alone would say nothing
		// about this request)
		assertThat(allEvents()).noneMatch(e -> index.equals(e.get("partyAIndex")));
		for (VirtualShard shard : VirtualShard.all()) {
			assertThat(redisson.getSet(keys.blocklist(shard), StringCodec.INSTANCE).contains(index)).isFalse();
		}
	}

	@Test
	void aControlCharacterInAQueryParameterIsRefusedNamingIt() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		Response refused = call("GET", "/v1/bindings?orderId=ORD%00X", platformToken(platformId), null);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(refused.text("detail")).startsWith("query parameter orderId: ");
	}

	@Test
	void aQueryThatDoesNotDecodeIsRefusedNotAFailure() {
		// found by ContractFuzzIT: Tomcat threw on the first read of the parameters (a
		// 500), here the UTF-8 bytes of a lone surrogate and a truncated sequence, in a
		// parameter the endpoint takes and in one it does not
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		for (String query : List.of("orderId=a%ED%A0%80b", "q=%C3", "orderId=ORD-1&q=%ED%B0%80")) {
			Response refused = call("GET", "/v1/bindings?" + query, platformToken(platformId), null);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(refused.text("detail"))
				.isEqualTo("the query does not decode: every escape must be UTF-8 of a character");
		}
		Response post = call("POST", "/v1/bindings?q=%ED%B0%80", platformToken(platformId), "null");
		assertThat(post.status()).isEqualTo(400);
		assertThat(post.text("detail"))
			.isEqualTo("the query does not decode: every escape must be UTF-8 of a character");
	}

	@Test
	void aControlCharacterInANestedFieldIsNamedWithItsPath() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		Map<String, Object> body = axb("ORD-BAD-1", mobile(), mobile());
		body.put("consent", Map.of("reference", "ref\u0007", "grantedAt", java.time.Instant.now().toString()));
		Response refused = call("POST", "/v1/bindings", platformToken(platformId), body);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("detail")).startsWith("field consent.reference: ");
		assertThat(
				call("GET", "/v1/bindings?orderId=ORD-BAD-1", platformToken(platformId), null).json().get("bindings"))
			.isEmpty();
	}

	@Test
	void tomcatsOwnRefusalsAreProblemDocumentsNotHtml() throws Exception {
		for (String target : List.of("/v1/bindings/00ABCDEFGHJKMNPQ%2F..%2F",
				"/v1/bindings/%2e%2e%2F%2e%2e%2Factuator")) {
			String answer;
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				socket.getOutputStream()
					.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
						.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			}
			assertThat(answer).as(target)
				.startsWith("HTTP/1.1 400")
				.contains("application/problem+json")
				.contains("\"code\":\"VALIDATION_FAILED\"")
				.doesNotContain("<html");
		}
	}

	@Test
	void aRepeatedQueryParameterIsRefusedNamingIt() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		for (String query : List.of("orderId=a&orderId=b", "orderId=a&order%49d=a")) {
			Response refused = call("GET", "/v1/bindings?" + query, platformToken(platformId), null);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(refused.text("detail")).isEqualTo("query parameter orderId is given more than once");
		}
	}

	@Test
	void springsErrorJsonIsNeverTheAnswer() {
		// the firewall of Spring Security refuses a path parameter with sendError(400),
		// which Spring answers at /error
		Response firewall = call("GET", "/v1/bindings;x=y?orderId=a", platformToken("p"), null);
		assertThat(firewall.status()).isEqualTo(400);
		assertThat(firewall.contentType()).startsWith("application/problem+json");
		assertThat(firewall.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(firewall.body()).doesNotContain("timestamp");
		// /error itself, asked for directly
		Response direct = call("GET", "/error", null, null);
		assertThat(direct.status()).isEqualTo(404);
		assertThat(direct.contentType()).startsWith("application/problem+json");
		assertThat(direct.code()).isEqualTo("NOT_FOUND");
		assertThat(direct.body()).doesNotContain("timestamp");
	}

	@Test
	void aRequestLineOverTheWebServersHeaderLimitIsAProblemDocument() throws Exception {
		String answer;
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /v1/bindings/" + "A".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Connection: close\r\n\r\n")
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		assertThat(answer).startsWith("HTTP/1.1 4")
			.contains("application/problem+json")
			.contains("\"code\":\"VALIDATION_FAILED\"")
			.doesNotContain("<html");
	}

	private static long blocklistHistory() throws Exception {
		try (Connection c = TestInfrastructure.get().connect();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT count(*) FROM blocklist_change")) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
