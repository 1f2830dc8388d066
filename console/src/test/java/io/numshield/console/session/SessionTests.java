package io.numshield.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The session over real HTTP (the console on a random port, a signature-checking stand-in
 * for the gateway): the secret never reaches the browser (not in a page, not in a
 * cookie), the cookie is HttpOnly and SameSite=Strict, every POST needs the CSRF token, a
 * role's pages answer the other role 403, and signing out ends the session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionTests {

	private static final KeyCheckingGateway GATEWAY = new KeyCheckingGateway();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("numshield.console.gateway-url", GATEWAY::url);
	}

	@AfterAll
	static void stop() {
		GATEWAY.close();
	}

	@Test
	void theSecretStaysOnTheServerAndTheCookieIsHttpOnlyAndStrict() throws Exception {
		Browser browser = new Browser();
		HttpResponse<String> signedIn = browser.signIn(KeyCheckingGateway.OPERATOR_ID,
				KeyCheckingGateway.OPERATOR_SECRET);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		List<String> cookies = signedIn.headers().allValues("Set-Cookie");
		assertThat(cookies).singleElement().satisfies(cookie -> {
			assertThat(cookie).startsWith("NUMSHIELD_CONSOLE=").contains("HttpOnly").contains("SameSite=Strict");
			assertThat(cookie).doesNotContain(KeyCheckingGateway.OPERATOR_SECRET);
		});

		HttpResponse<String> pools = browser.get("/operator/pools");
		assertThat(pools.statusCode()).isEqualTo(200);
		assertThat(pools.body()).contains("pool-a", "<svg", "circle class=\"point\"", KeyCheckingGateway.OPERATOR_ID)
			.doesNotContain(KeyCheckingGateway.OPERATOR_SECRET);
		assertThat(pools.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				csp -> assertThat(csp).contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe"));
		// every script is a file of the console's own: no inline script for the CSP to
		// allow
		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(pools.body()).find()).isFalse();
		assertThat(pools.body()).contains("/webjars/htmx.org/");
		assertThat(browser.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").statusCode()).isEqualTo(200);
	}

	@Test
	void everyPostNeedsTheCsrfToken() throws Exception {
		Browser browser = new Browser();
		assertThat(
				browser
					.post("/sign-in",
							Map.of("keyId", KeyCheckingGateway.OPERATOR_ID, "secret",
									KeyCheckingGateway.OPERATOR_SECRET),
							false)
					.statusCode())
			.isEqualTo(403);
		browser.signIn(KeyCheckingGateway.OPERATOR_ID, KeyCheckingGateway.OPERATOR_SECRET);
		browser.get("/operator/pools");
		assertThat(browser.post("/operator/platforms/plat-1/suspend", Map.of("reason", "fraud"), false).statusCode())
			.isEqualTo(403);
		assertThat(browser.post("/operator/dead-letters/evt_0123/redelivery", Map.of(), false).statusCode())
			.isEqualTo(403);
		assertThat(browser.post("/sign-out", Map.of(), false).statusCode()).isEqualTo(403);
		assertThat(browser.get("/operator/pools").statusCode()).isEqualTo(200);
	}

	@Test
	void aRoleOpeningTheOtherRolesPageGets403() throws Exception {
		Browser regulator = new Browser();
		regulator.signIn(KeyCheckingGateway.REGULATOR_ID, KeyCheckingGateway.REGULATOR_SECRET);
		assertThat(regulator.get("/").headers().firstValue("Location"))
			.hasValueSatisfying(location -> assertThat(location).endsWith("/regulator/trace"));
		assertThat(regulator.get("/regulator/trace").statusCode()).isEqualTo(200);
		HttpResponse<String> denied = regulator.get("/operator/pools");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.body()).contains("Not for your role", "REGULATOR");
		assertThat(regulator.get("/operator/dead-letters").statusCode()).isEqualTo(403);
		assertThat(regulator.get("/operator/rates").statusCode()).isEqualTo(403);

		Browser operator = new Browser();
		operator.signIn(KeyCheckingGateway.OPERATOR_ID, KeyCheckingGateway.OPERATOR_SECRET);
		assertThat(operator.get("/regulator/trace").statusCode()).isEqualTo(403);
		assertThat(operator.get("/regulator/signals").statusCode()).isEqualTo(403);
		// no Prometheus configured here: the live-rates page says so, and asks nobody
		HttpResponse<String> rates = operator.get("/operator/rates");
		assertThat(rates.statusCode()).isEqualTo(200);
		assertThat(rates.body()).contains("No Prometheus configured", "NUMSHIELD_CONSOLE_PROMETHEUS_URL");
	}

	@Test
	void aPageTheApiRefusesKeepsItsHeaderAndNavigation() throws Exception {
		Browser regulator = new Browser();
		regulator.signIn(KeyCheckingGateway.REGULATOR_ID, KeyCheckingGateway.REGULATOR_SECRET);
		// the stand-in knows no GET /v1/audit/checkpoints: 404 NOT_FOUND, the problem
		// page
		HttpResponse<String> refused = regulator.get("/regulator/ledger");
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(refused.body()).contains("The API refused", "NOT_FOUND", "no such path")
			.contains("id=\"signed-in-as\"", KeyCheckingGateway.REGULATOR_ID + " (REGULATOR)")
			.contains("href=\"/regulator/trace\"", "href=\"/regulator/ledger\"", "id=\"sign-out\"")
			.doesNotContain("href=\"/operator/pools\"")
			.doesNotContain(KeyCheckingGateway.REGULATOR_SECRET);
		// and its sign-out form carries the session's CSRF token, as every page's does
		assertThat(csrfOf(refused.body())).isNotBlank();
	}

	@Test
	void otherRolesAndBadSecretsStaySignedOutWithTheProblemShown() throws Exception {
		HttpResponse<String> platform = new Browser().signIn(KeyCheckingGateway.PLATFORM_ID,
				KeyCheckingGateway.PLATFORM_SECRET);
		assertThat(platform.statusCode()).isEqualTo(403);
		assertThat(platform.body()).contains("FORBIDDEN").doesNotContain(KeyCheckingGateway.PLATFORM_SECRET);

		Browser wrong = new Browser();
		HttpResponse<String> refused = wrong.signIn(KeyCheckingGateway.OPERATOR_ID, "not-the-secret");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("UNAUTHENTICATED", "Unauthenticated");
		assertThat(wrong.get("/operator/pools").statusCode()).isEqualTo(302);
	}

	@Test
	void signingOutEndsTheSession() throws Exception {
		Browser browser = new Browser();
		browser.signIn(KeyCheckingGateway.OPERATOR_ID, KeyCheckingGateway.OPERATOR_SECRET);
		String page = browser.get("/operator/pools").body();
		String oldCookie = browser.cookie;
		HttpResponse<String> out = browser.post("/sign-out", Map.of("_csrf", csrfOf(page)), false);
		assertThat(out.statusCode()).isEqualTo(302);
		assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/sign-in"));
		browser.cookie = oldCookie;
		HttpResponse<String> after = browser.get("/operator/pools");
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
	}

	private static String csrfOf(String page) {
		return ConsoleBrowser.csrfOf(page);
	}

	/** One browser of this test's console. */
	private final class Browser extends ConsoleBrowser {

		Browser() {
			super(port);
		}

	}

}
