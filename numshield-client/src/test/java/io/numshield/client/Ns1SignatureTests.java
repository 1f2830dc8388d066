package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	/**
	 * The hand-written parser takes exactly what {@link Ns1Signature#HEADER_FORM}
	 * matches, with the same parts: well-formed headers with one edit each (a character
	 * changed, dropped or doubled, a field at its length bounds), and whitespace around.
	 */
	@Test
	void parsesExactlyWhatTheHeaderFormMatches() {
		Pattern form = Pattern.compile(Ns1Signature.HEADER_FORM);
		Random random = new Random(700);
		String alphabet = "Aa0_.-+/=,: \tKeyIdTimestampNonceSignature";
		List<String> headers = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String keyId = "k".repeat(1 + random.nextInt(i % 10 == 0 ? 70 : 20));
			String timestamp = "1".repeat(1 + random.nextInt(14));
			String nonce = "n".repeat(14 + random.nextInt(54));
			String signature = "s".repeat(1 + random.nextInt(i % 10 == 1 ? 132 : 44));
			headers.add("NS1-HMAC-SHA256 KeyId=" + keyId + ",Timestamp=" + timestamp + ",Nonce=" + nonce + ",Signature="
					+ signature);
		}
		int valid = 0;
		for (String header : headers) {
			StringBuilder edited = new StringBuilder(header);
			int at = random.nextInt(header.length());
			switch (random.nextInt(5)) {
				case 0 -> edited.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
				case 1 -> edited.deleteCharAt(at);
				case 2 -> edited.insert(at, header.charAt(at));
				case 3 -> edited.insert(0, " ").append("\t");
				default -> {
				}
			}
			String text = edited.toString();
			Matcher m = form.matcher(text.strip());
			Ns1Signature.Credentials parsed = Ns1Signature.parse(text);
			if (m.matches()) {
				valid++;
				assertThat(parsed).as(text)
					.isEqualTo(new Ns1Signature.Credentials(m.group(1), Long.parseLong(m.group(2)), m.group(3),
							m.group(4)));
			}
			else {
				assertThat(parsed).as(text).isNull();
			}
		}
		assertThat(valid).as("well-formed among them").isBetween(200, 1800);
	}

}
