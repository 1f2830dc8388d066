package io.numshield.support.web.hot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The hot path's bearer check accepts exactly what Spring Security's
 * {@code DefaultBearerTokenResolver} pattern accepts (the MVC path's resolver), and takes
 * the same token from it.
 */
class BearerAuthenticationTests {

	private static final Pattern SPRING = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private static final String ALPHABET = "abcxyzABCXYZ0189-._~+/= \t\r\n:;,\"'%*!#é\u212A\u017F\u0131\u0000Ｂ";

	@Test
	void edgeCasesAgreeWithTheRegex() {
		List<String> headers = List.of("", "Bearer", "Bearer ", "Bearer  x", "Bearer x", "bearer x", "BEARER x",
				"bEaReR x", "Bearer=", "Bearer =", "Bearer x=", "Bearer x==", "Bearer x=y", "Bearer x= ", " Bearer x",
				"Bearer x ", "Bearer x\n", "Bearer\tx", "Basic x", "Bearerx", "Bearer -._~+/", "Bearer a.b.c",
				"\u212Aearer x", "Bearer x\u212A", "Bear\u0131r x", "Bearer eyJ.eyJ.sig==", "Bearer ==", "Bearer x=\n");
		for (String header : headers) {
			assertThat(BearerAuthentication.token(header)).as("[%s]", header).isEqualTo(spring(header));
		}
		assertThat(BearerAuthentication.token(null)).isNull();
	}

	@Test
	void generatedHeadersAgreeWithTheRegex() {
		long seed = System.nanoTime();
		SplittableRandom random = new SplittableRandom(seed);
		String[] schemes = { "Bearer ", "bearer ", "BEARER ", "BeArEr ", "Bearer", "Bearer  ", "Basic ", "", "Bearer\t",
				"\u212Aearer " };
		List<String> disagreements = new ArrayList<>();
		int accepted = 0;
		for (int round = 0; round < 200_000; round++) {
			StringBuilder header = new StringBuilder(schemes[random.nextInt(schemes.length)]);
			int length = random.nextInt(4) == 0 ? 400 + random.nextInt(200) : random.nextInt(12);
			boolean clean = random.nextBoolean();
			for (int i = 0; i < length; i++) {
				// half the headers draw from the token alphabet only, so that many are
				// accepted
				header.append(ALPHABET.charAt(random.nextInt(clean ? 23 : ALPHABET.length())));
			}
			if (random.nextInt(3) == 0) {
				header.append("=".repeat(random.nextInt(3)));
			}
			String text = header.toString();
			String expected = spring(text);
			accepted += expected == null ? 0 : 1;
			if (!java.util.Objects.equals(BearerAuthentication.token(text), expected)) {
				disagreements.add(text);
			}
		}
		assertThat(disagreements).as("seed %d", seed).isEmpty();
		assertThat(accepted).as("accepted headers").isGreaterThan(10_000);
	}

	private static String spring(String header) {
		Matcher matcher = SPRING.matcher(header);
		return matcher.matches() ? matcher.group("token") : null;
	}

}
