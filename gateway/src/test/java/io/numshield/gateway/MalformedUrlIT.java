package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;
import io.numshield.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Malformed URLs are refused at the edge with a problem document and never forwarded
 * (issue 17): encoded slashes, backslashes and dots in the path, over-long paths and
 * queries, too many or repeated query parameters, a request line past the web server's
 * header limit. So are the gateway's own JSON bodies with text the rules refuse, and what
 * Spring would answer with its own {@code /error} JSON.
 */
class MalformedUrlIT extends GatewayITSupport {

	@Test
	void encodedSlashesBackslashesAndDotSegmentsInThePathAreProblemDocumentsAndNeverForwarded() throws Exception {
		SignedCalls.Key platform = issue("PLATFORM", "plat-url-1", null);
		int before = UPSTREAM.calls();
		for (String path : List.of("/v1/bindings/00ABCDEFGHJKMNPQ%2F..%2F", "/v1/bindings/%2e%2e%2F%2e%2e%2Factuator",
				"/v1/bindings/00ABCDEFGHJKMNPQ%5C..%5C", "/v1/bindings/%2E%2E/pools", "/v1/bindings/../pools",
				"/v1/bindings/./00ABCDEFGHJKMNPQ", "/v1/bindings/00ABCDEFGHJKMNPQ%2f")) {
			String answer = rawGet(path, signed(platform, "GET", path, null));
			assertThat(answer).as(path)
				.startsWith("HTTP/1.1 400")
				.contains("application/problem+json")
				.contains("\"code\":\"VALIDATION_FAILED\"")
				.contains("the path holds an encoded slash, backslash or dot segment")
				.doesNotContain("<html");
		}
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	@Test
	void overLongPathsAndQueriesAndTooManyParametersAreRefusedAtTheEdge() throws Exception {
		SignedCalls.Key platform = issue("PLATFORM", "plat-url-2", null);
		int before = UPSTREAM.calls();
		String longPath = "/v1/bindings/" + "A".repeat(2100);
		assertThat(rawGet(longPath, signed(platform, "GET", longPath, null))).startsWith("HTTP/1.1 414")
			.contains("application/problem+json")
			.contains("\"code\":\"VALIDATION_FAILED\"")
			.contains("the path is longer than 2048 characters");
		String longQuery = "orderId=" + "a".repeat(4100);
		SignedCalls.Response tooLong = gateway().send(call("GET", "/v1/bindings", longQuery, null, platform));
		assertThat(tooLong.status()).isEqualTo(414);
		assertThat(tooLong.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(tooLong.text("detail")).isEqualTo("the query is longer than 4096 characters");
		StringBuilder many = new StringBuilder("orderId=o");
		for (int i = 0; i < 32; i++) {
			many.append("&p").append(i).append("=v");
		}
		SignedCalls.Response tooMany = gateway().send(call("GET", "/v1/bindings", many.toString(), null, platform));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(tooMany.text("detail")).isEqualTo("the query has more than 32 parameters");
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	@Test
	void aRequestLineOverTheWebServersHeaderLimitIsAProblemDocument() throws Exception {
		String answer = rawGet("/v1/bindings/" + "A".repeat(20_000),
				"NS1-HMAC-SHA256 KeyId=pk_x,Timestamp=1,Nonce=n,Signature=s");
		assertThat(answer).startsWith("HTTP/1.1 4")
			.contains("application/problem+json")
			.contains("\"code\":\"VALIDATION_FAILED\"")
			.doesNotContain("<html");
	}

	@Test
	void theUnsignedPathsTakeNoQuery() {
		// found by ContractFuzzIT: a control character rode along on the public key set's
		// URL
		for (String path : List.of("/.well-known/jwks.json", "/readyz", "/livez")) {
			SignedCalls.Response refused = gateway().raw("GET", path, "q=a%01b", null, null);
			assertThat(refused.status()).as(path).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.text("detail")).isEqualTo("this path takes no query parameters");
			assertThat(gateway().raw("GET", path, null, null, null).status()).as(path).isEqualTo(200);
		}
	}

	@Test
	void aRepeatedQueryParameterIsRefusedNamingIt() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-url-3", null);
		int before = UPSTREAM.calls();
		for (String query : List.of("orderId=a&orderId=b", "orderId=a&order%49d=a")) {
			SignedCalls.Response refused = gateway().send(call("GET", "/v1/bindings", query, null, platform));
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(refused.text("detail")).isEqualTo("query parameter orderId is given more than once");
		}
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	@Test
	void aNulInTheGatewaysOwnJsonIsRefusedNamingTheFieldAndCreatesNoKey() throws Exception {
		String body = "{\"role\":\"PLATFORM\",\"platformId\":\"plat-url-nul\",\"description\":\"a\\u0000b\"}";
		SignedCalls.Response refused = gateway().send(call("POST", "/v1/api-keys", null, body, OPERATOR));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(refused.text("detail")).startsWith("field description: the text ");
		SignedCalls.Response pools = gateway().send(call("POST", "/v1/api-keys", null,
				"{\"role\":\"CARRIER\",\"pools\":[\"p\\u0007\"],\"description\":\"plat-url-nul\"}", OPERATOR));
		assertThat(pools.status()).isEqualTo(400);
		assertThat(pools.text("detail")).startsWith("field pools[0]: the text ");
		try (Connection c = TestInfrastructure.get().connect();
				PreparedStatement p = c.prepareStatement(
						"SELECT count(*) FROM api_key WHERE platform_id = 'plat-url-nul' OR description = 'plat-url-nul'");
				ResultSet rs = p.executeQuery()) {
			rs.next();
			assertThat(rs.getLong(1)).isZero();
		}
	}

	@Test
	void springsErrorJsonIsNeverTheAnswer() {
		// a method the gateway's own controller does not serve: Spring sends 405 to
		// /error
		SignedCalls.Response method = gateway()
			.send(call("PUT", "/v1/api-keys", null, Map.of("role", "PLATFORM"), OPERATOR));
		assertThat(method.status()).isEqualTo(405);
		assertThat(method.contentType()).startsWith("application/problem+json");
		assertThat(method.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(method.body()).doesNotContain("timestamp");
		// an unknown path on the management port
		SignedCalls.Response management = new SignedCalls("http://127.0.0.1:" + managementPort).raw("GET",
				"/actuator/nothing-here", null, null, null);
		assertThat(management.status()).isEqualTo(404);
		assertThat(management.contentType()).startsWith("application/problem+json");
		assertThat(management.code()).isEqualTo("NOT_FOUND");
		assertThat(management.body()).doesNotContain("timestamp");
	}

	private static String signed(SignedCalls.Key key, String method, String path, String query) {
		return Ns1Signature.authorization(key.keyId(), key.secret(), method, path, query, new byte[0],
				Instant.now().getEpochSecond(), Ns1Signature.nonce());
	}

}
