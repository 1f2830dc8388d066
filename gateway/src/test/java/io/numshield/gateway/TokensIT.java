package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;

/**
 * The gateway's tokens: only it signs them (ES256), each service gets its own audience,
 * carriers fetch scoped tokens for the direct routing path, and the public keys are
 * published. Also what the edge does before it reads a body, and what it signs.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokensIT extends GatewayITSupport {

	@Test
	void aCarrierKeyGetsAShortLivedRoutingTokenScopedToItsPoolsThatThePublishedKeysVerify() throws Exception {
		SignedCalls.Key carrier = issue("CARRIER", null, null);
		SignedCalls.Response answer = gateway().send(call("POST", "/v1/tokens", null, null, carrier)).expect(200);

		assertThat(answer.text("tokenType")).isEqualTo("Bearer");
		assertThat(answer.text("audience")).isEqualTo("numshield-routing");
		assertThat(answer.json().get("expiresIn").asLong()).isEqualTo(900);
		SignedJWT token = SignedJWT.parse(answer.text("token"));
		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		JWKSet published = JWKSet
			.parse(gateway().raw("GET", "/.well-known/jwks.json", null, null, null).expect(200).body());
		assertThat(published.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
		ECKey key = (ECKey) published.getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("numshield-routing");
		assertThat(token.getJWTClaimsSet().getStringClaim("role")).isEqualTo("CARRIER");
		assertThat(token.getJWTClaimsSet().getStringListClaim("pools")).containsExactly(CARRIER_POOL);
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(carrier.keyId());
		assertThat(token.getJWTClaimsSet().getExpirationTime())
			.isBeforeOrEqualTo(Date.from(Instant.now().plusSeconds(15 * 60 + 5)));
	}

	@Test
	void onlyCarrierKeysGetTokens() {
		for (SignedCalls.Key key : List.of(issue("PLATFORM", "plat-tokens-1", null), issue("REGULATOR", null, null),
				issue("OPERATOR", null, null))) {
			SignedCalls.Response refused = gateway().send(call("POST", "/v1/tokens", null, null, key));
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.code()).isEqualTo("FORBIDDEN");
		}
		assertThat(gateway().raw("POST", "/v1/tokens", null, null, null).status()).isEqualTo(401);
	}

	@Test
	void eachServiceGetsATokenForItsOwnAudience() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-tokens-2", null);
		SignedCalls.Key carrier = issue("CARRIER", null, null);
		SignedCalls.Key regulator = issue("REGULATOR", null, null);
		gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, platform)).expect(200);
		assertThat(EdgeIT.claims(UPSTREAM.last().header("Authorization")).get("aud").toString())
			.contains("numshield-binding");
		gateway().send(call("POST", "/v1/call-routes", null, Map.of("callId", "c-1"), carrier)).expect(200);
		JsonNode routing = EdgeIT.claims(UPSTREAM.last().header("Authorization"));
		assertThat(routing.get("aud").toString()).contains("numshield-routing");
		assertThat(routing.get("pools").toString()).contains(CARRIER_POOL);
		gateway()
			.send(call("GET", "/v1/audit/events", "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&reason=r", null,
					regulator))
			.expect(200);
		assertThat(EdgeIT.claims(UPSTREAM.last().header("Authorization")).get("aud").toString())
			.contains("numshield-audit");
	}

	@Test
	void aCarrierKeyNamesItsPoolsAndNoOtherKeyDoes() {
		SignedCalls.Response noPools = gateway()
			.send(call("POST", "/v1/api-keys", null, Map.of("role", "CARRIER", "description", "x"), OPERATOR));
		assertThat(noPools.status()).isEqualTo(400);
		assertThat(noPools.code()).isEqualTo("VALIDATION_FAILED");
		SignedCalls.Response platformWithPools = gateway().send(call("POST", "/v1/api-keys", null,
				Map.of("role", "PLATFORM", "platformId", "p", "pools", List.of("gw-pool")), OPERATOR));
		assertThat(platformWithPools.status()).isEqualTo(400);
		SignedCalls.Response issued = gateway()
			.send(call("POST", "/v1/api-keys", null, Map.of("role", "CARRIER", "pools", List.of("pool-a", "pool-b")),
					OPERATOR))
			.expect(201);
		assertThat(issued.json().get("pools").toString()).contains("pool-a", "pool-b");
	}

	@Test
	void plusAndEncodedPlusSignAndArriveAlike() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-tokens-3", null);
		gateway().send(call("GET", "/v1/bindings", "orderId=a+b", null, platform)).expect(200);
		String plus = UPSTREAM.last().uri();
		gateway().send(call("GET", "/v1/bindings", "orderId=a%2Bb", null, platform)).expect(200);
		assertThat(UPSTREAM.last().uri()).isEqualTo(plus).isEqualTo("/v1/bindings?orderId=a%2Bb");
	}

	@Test
	void theIdempotencyKeyIsSigned() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-tokens-4", null);
		Map<String, Object> body = Map.of("mode", "AXN", "orderId", "ORD-1");
		SignedCalls.Call signed = call("POST", "/v1/bindings", null, body, platform, "Idempotency-Key", "first");
		SignedCalls.Call swapped = new SignedCalls.Call(signed.method(), signed.path(), signed.query(), signed.body(),
				platform, signed.timestamp(), signed.nonce(), new String[] { "Idempotency-Key", "second" });
		int before = UPSTREAM.calls();
		SignedCalls.Response refused = gateway().send(signed, swapped);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
		assertThat(UPSTREAM.calls()).isEqualTo(before);
		gateway().send(call("POST", "/v1/bindings", null, body, platform, "Idempotency-Key", "first")).expect(200);
		assertThat(UPSTREAM.last().header("Idempotency-Key")).isEqualTo("first");
	}

	@Test
	void refusesAnUnknownKeyOrAStaleTimestampBeforeReadingTheBody(CapturedOutput output) throws Exception {
		SignedCalls.Key platform = issue("PLATFORM", "plat-tokens-5", null);
		long now = Instant.now().getEpochSecond();
		String unknown = "NS1-HMAC-SHA256 KeyId=pk_nobody,Timestamp=" + now + ",Nonce=" + Ns1Signature.nonce()
				+ ",Signature=AAAA";
		String stale = "NS1-HMAC-SHA256 KeyId=" + platform.keyId() + ",Timestamp=" + (now - 3600) + ",Nonce="
				+ Ns1Signature.nonce() + ",Signature=AAAA";
		// the request announces a body and never sends it: the answer must come without
		// waiting for it
		assertThat(headersOnly(unknown)).startsWith("HTTP/1.1 401").contains("UNAUTHENTICATED");
		assertThat(headersOnly(stale)).startsWith("HTTP/1.1 401").contains("REQUEST_EXPIRED");
		// refusals are counted, not logged one line each
		assertThat(output.getAll()).doesNotContain("401 UNAUTHENTICATED key=pk_nobody")
			.doesNotContain("REQUEST_EXPIRED key=");
		String metrics = new SignedCalls("http://127.0.0.1:" + managementPort)
			.raw("GET", "/actuator/prometheus", null, null, null)
			.body();
		assertThat(metrics).contains("gateway_request_total{outcome=\"unauthenticated\"}")
			.contains("gateway_request_total{outcome=\"request_expired\"}");
	}

	@Test
	void aMalformedQueryIsAProblemDocumentNotAServiceFailure() throws Exception {
		SignedCalls.Key platform = issue("PLATFORM", "plat-tokens-6", null);
		int before = UPSTREAM.calls();
		for (String query : List.of("orderId=%ZZ", "orderId=%C3%28", "orderId=a%00b", "orderId=%", "or%ZZder=1")) {
			long now = Instant.now().getEpochSecond();
			String authorization = Ns1Signature.authorization(platform.keyId(), platform.secret(), "GET",
					"/v1/bindings", query, new byte[0], now, Ns1Signature.nonce());
			String answer = rawGet("/v1/bindings?" + query, authorization);
			assertThat(answer).as(query)
				.startsWith("HTTP/1.1 400")
				.contains("application/problem+json")
				.contains("\"code\":\"VALIDATION_FAILED\"");
		}
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	private String headersOnly(String authorization) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/bindings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 4000\r\nAuthorization: " + authorization + "\r\n\r\n{\"orderId\":")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			int read;
			while (!answer.toString(StandardCharsets.UTF_8).contains("\"code\"") && (read = in.read(buffer)) > 0) {
				answer.write(buffer, 0, read);
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

}
