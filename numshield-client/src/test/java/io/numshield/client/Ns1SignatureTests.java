package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Ns1SignatureTests {

	@Test
	void canonicalQuerySortsByNameThenValueAndEncodesPerRfc3986() {
		assertThat(Ns1Signature.canonicalQuery("b=2&a=z&a=y&c=hello%20world&d=~x*"))
			.isEqualTo("a=y&a=z&b=2&c=hello%20world&d=~x%2A");
		assertThat(Ns1Signature.canonicalQuery("at=2026-11-29T10:00:00Z")).isEqualTo("at=2026-11-29T10%3A00%3A00Z");
		assertThat(Ns1Signature.canonicalQuery("at=2026-11-29T10%3a00%3a00Z")).isEqualTo("at=2026-11-29T10%3A00%3A00Z");
		assertThat(Ns1Signature.canonicalQuery("q=%E4%B8%AD")).isEqualTo("q=%E4%B8%AD");
		assertThat(Ns1Signature.canonicalQuery("plus=a+b")).isEqualTo("plus=a%2Bb");
		assertThat(Ns1Signature.canonicalQuery("flag")).isEqualTo("flag=");
		assertThat(Ns1Signature.canonicalQuery(null)).isEmpty();
	}

	@Test
	void stringToSignHasEightLinesWithTheIdempotencyKey() {
		String s = Ns1Signature.stringToSign("post", "/v1/bindings", "", 1764410400L, "abcdefghijklmnop", "order-42",
				"{}".getBytes(StandardCharsets.UTF_8));
		assertThat(s.split("\n", -1)).containsExactly("NS1-HMAC-SHA256", "POST", "/v1/bindings", "", "1764410400",
				"abcdefghijklmnop", "order-42", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
		assertThat(Ns1Signature.stringToSign("GET", "/v1/pools/p", "", 1L, "abcdefghijklmnop", null, null))
			.endsWith("abcdefghijklmnop\n\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

	@Test
	void anotherIdempotencyKeyIsAnotherSignature() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		assertThat(
				Ns1Signature.authorization("k", "s", "POST", "/v1/bindings", null, "a", body, 1L, "abcdefghijklmnop"))
			.isNotEqualTo(Ns1Signature.authorization("k", "s", "POST", "/v1/bindings", null, "b", body, 1L,
					"abcdefghijklmnop"))
			.isNotEqualTo(
					Ns1Signature.authorization("k", "s", "POST", "/v1/bindings", null, body, 1L, "abcdefghijklmnop"));
	}

	@Test
	void plusAndEncodedPlusSignAlike() {
		assertThat(Ns1Signature.canonicalQuery("q=a+b")).isEqualTo(Ns1Signature.canonicalQuery("q=a%2Bb"));
	}

	@Test
	void signsWithHmacSha256OfTheSecretsUtf8Bytes() {
		// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
		assertThat(Ns1Signature.sign("Jefe", "what do ya want for nothing?")).isEqualTo(java.util.Base64.getEncoder()
			.encodeToString(java.util.HexFormat.of()
				.parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")));
	}

	@Test
	void parsesOnlyWellFormedHeaders() {
		String header = Ns1Signature.authorization("pk_1", "secret-secret-secret", "GET", "/v1/bindings", "orderId=O-1",
				null, 1764410400L, "0123456789abcdef");
		Ns1Signature.Credentials c = Ns1Signature.parse(header);
		assertThat(c).isNotNull();
		assertThat(c.keyId()).isEqualTo("pk_1");
		assertThat(c.timestamp()).isEqualTo(1764410400L);
		assertThat(c.nonce()).isEqualTo("0123456789abcdef");
		assertThat(Ns1Signature.parse("Bearer eyJhbGciOiJIUzI1NiJ9.e30.x")).isNull();
		assertThat(Ns1Signature.parse(header.replace("Nonce=0123456789abcdef", "Nonce=short"))).isNull();
		assertThat(Ns1Signature.parse(header.replace("Nonce=0123456789abcdef", "Nonce=0123456789abcdef!"))).isNull();
		assertThat(Ns1Signature.nonce()).matches("[A-Za-z0-9]{32}");
	}

}
