package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.client.Ns1Signature;
import io.numshield.testsupport.PhoneFixtures;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.testsupport.TestInfrastructure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real browser (headless Chromium through Selenium), started from its
 * jar in front of the real gateway and the three services: an operator signs in, sees a
 * pool's utilisation chart grow a point per sample, and suspends a platform with a reason
 * (which the API then shows); a regulator traces the number the platform was given; each
 * role gets the 403 page on the other's pages. An operator redelivers a callback dead
 * letter and sees the bind rate a real Prometheus (scraping the services every second)
 * has for the binds made meanwhile. The regulator then finds the fraud signal the
 * detector raised about a party bound through three platforms, opens a case from it,
 * downloads the case's attested bundle and yesterday's signed daily report through the
 * console. Every page it opens is saved as a screenshot under target/console-screenshots/
 * for a reviewer. Waits are deadlines on what the page shows, never sleeps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserIT {

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	RedissonClient redisson;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@BeforeAll
	static void startBrowser() {
		browser = Chromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void operatorsAndRegulatorsUseTheirPagesAndOnlyTheirs() throws Exception {
		SignedCalls gw = new SignedCalls("http://127.0.0.1:" + port);
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);
		ServiceProcesses services = ServiceProcesses.get();
		try (PrometheusProcess prometheus = PrometheusProcess
			.start(List.of("127.0.0.1:" + services.port("binding-service", 0),
					"127.0.0.1:" + services.port("call-routing-service", 0)))) {
			walkThrough(gw, run, prometheus);
		}
	}

	private void walkThrough(SignedCalls gw, String run, PrometheusProcess prometheus) throws Exception {
		String pool = "console-pool-" + run;
		gw.send(call("POST", "/v1/pools", null,
				Map.of("poolId", pool, "numberKind", "SEGMENT_700", "region", "Shanghai-" + run), OPERATOR))
			.expect(201);
		// 7004: a corner of its own (OpenApiAnswersIT 7005, GeneratedClientIT 7006,
		// DemoWalkthroughIT 7007, ContractFuzzIT 7008, TenantIsolationIT 7009)
		String block = "7004" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		String platform = "console-platform-" + run;
		gw.send(call("POST", "/v1/platforms", null,
				// a callbackUrl that resolves nowhere: each delivery fails, and is
				// retried
				Map.of("platformId", platform, "name", "Console test", "pools", List.of(pool), "maxActiveBindings", 50,
						"callbackUrl", "http://console-" + run + ".invalid/hooks"),
				OPERATOR))
			.expect(201);
		SignedCalls.Key platformKey = IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform));
		SignedCalls.Key regulator = IssuedKeys.issue(gw, Map.of("role", "REGULATOR", "description", "console test"));
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		SignedCalls.Response bound = gw
			.send(call(
					"POST", "/v1/bindings", null, Map.of("mode", "AXB", "orderId", "CONSOLE-" + run, "partyA", a,
							"partyB", b, "ttlSeconds", 1800, "consent", Map.of("reference", "console-" + run,
									"grantedAt", Instant.now().minusSeconds(5).toString())),
					platformKey))
			.expect(201);
		String virtualNumber = bound.text("virtualNumber");
		String bindingId = bound.text("bindingId");
		String deadEventId = deadLetter(gw, pool, bindingId, a, virtualNumber);
		bindsForTheRates(gw, run, prometheus);
		String signalParty = partyOnThreePlatforms(gw, run);

		try (ConsoleProcess console = ConsoleProcess.start("http://127.0.0.1:" + port,
				Map.of("NUMSHIELD_CONSOLE_PROMETHEUS_URL", prometheus.url()))) {
			// sign in as an operator: the start page is the pools page
			browser.get(console.url("/sign-in"));
			browser.findElement(By.id("keyId")).sendKeys(OPERATOR.keyId());
			browser.findElement(By.id("secret")).sendKeys(OPERATOR.secret());
			Chromium.screenshot(browser, "01-sign-in");
			browser.findElement(By.id("sign-in")).click();
			waitFor(ExpectedConditions.urlContains("/operator/pools"));
			assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains(OPERATOR.keyId(), "OPERATOR");
			assertThat(browser.getPageSource()).doesNotContain(OPERATOR.secret());

			// the pool's chart: one point per read of GET /v1/pools; the page reads again
			// on a reload (and by itself every 10 s)
			By chartPoints = By.cssSelector("#pool-" + pool + " svg.chart circle.point");
			waitFor(ExpectedConditions.numberOfElementsToBeMoreThan(chartPoints, 0));
			browser.navigate().refresh();
			waitFor(ExpectedConditions.numberOfElementsToBeMoreThan(chartPoints, 1));
			// (each look-up afresh: the page's own refresh may swap the panel in between)
			assertThat(browser.findElement(By.cssSelector("#pool-" + pool + " .utilisation")).getText())
				.isEqualTo("0.01 %");
			assertThat(browser.findElement(By.cssSelector("#pool-" + pool + " svg.chart polyline.series"))
				.getAttribute("points")).isNotBlank();
			Chromium.screenshot(browser, "02-operator-pools");

			browser.get(console.url("/operator/regions"));
			assertThat(browser.findElement(By.id("regions")).getText()).contains("Shanghai-" + run + " 10000 1 9999");
			Chromium.screenshot(browser, "03-operator-regions");

			// suspend the platform with a reason: the row changes in place, and the API
			// agrees
			browser.get(console.url("/operator/platforms"));
			By platformRow = By.id("platform-" + platform);
			assertThat(browser.findElement(platformRow).findElement(By.cssSelector(".quota")).getText())
				.isEqualTo("1 / 50");
			WebElement suspend = browser.findElement(platformRow).findElement(By.cssSelector("form.suspend"));
			suspend.findElement(By.name("reason")).sendKeys("console test: chargeback fraud");
			suspend.findElement(By.tagName("button")).click();
			waitFor(ExpectedConditions.textToBePresentInElementLocated(platformRow, "SUSPENDED"));
			assertThat(browser.findElement(platformRow).findElement(By.cssSelector(".reason")).getText())
				.isEqualTo("console test: chargeback fraud");
			Chromium.screenshot(browser, "04-operator-platforms-suspended");
			SignedCalls.Response seen = gw.send(call("GET", "/v1/platforms/" + platform, null, null, OPERATOR))
				.expect(200);
			assertThat(seen.text("status")).isEqualTo("SUSPENDED");
			assertThat(seen.text("statusReason")).isEqualTo("console test: chargeback fraud");

			// a new key's secret is shown once, in the answer to issuing it
			browser.get(console.url("/operator/api-keys"));
			new Select(browser.findElement(By.cssSelector("#issue-key select[name=role]")))
				.selectByVisibleText("PLATFORM");
			browser.findElement(By.cssSelector("#issue-key input[name=platformId]")).sendKeys(platform);
			browser.findElement(By.cssSelector("#issue-key button")).click();
			waitFor(ExpectedConditions.presenceOfElementLocated(By.id("issued-secret")));
			String shownOnce = browser.findElement(By.id("issued-secret")).getText();
			assertThat(shownOnce).isNotBlank();
			Chromium.screenshot(browser, "05-operator-api-keys-issued");
			browser.navigate().refresh();
			assertThat(browser.getPageSource()).doesNotContain(shownOnce);

			// the platform's callback dead letter, without its body; redelivered in
			// place,
			// and the API no longer lists it
			browser.get(console.url("/operator/dead-letters?platformId=" + platform));
			By deadRow = By.id("dead-" + deadEventId);
			assertThat(browser.findElement(deadRow).getText()).contains(platform, "ANSWERED", "MAX_AGE");
			assertThat(browser.getPageSource()).doesNotContain(virtualNumber)
				.doesNotContain(a)
				.doesNotContain("queued again");
			Chromium.screenshot(browser, "06-operator-dead-letters");
			browser.findElement(deadRow).findElement(By.cssSelector("form.redeliver button")).click();
			waitFor(ExpectedConditions.textToBePresentInElementLocated(deadRow, "queued again"));
			Chromium.screenshot(browser, "07-operator-dead-letter-redelivered");
			assertThat(gw.send(call("GET", "/v1/callbacks/dead-letters", "platformId=" + platform, null, OPERATOR))
				.expect(200)
				.json()
				.get("deadLetters")).isEmpty();

			// live rates from Prometheus: the binds made above, once it has scraped them
			// (the page is read again until it shows them: a deadline, never a sleep)
			browser.get(console.url("/operator/rates"));
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				browser.navigate().refresh();
				assertThat(Double.parseDouble(browser.findElement(By.id("binds-total")).getText())).isPositive();
			});
			assertThat(browser.findElement(By.id("binds")).getText()).contains("created");
			Chromium.screenshot(browser, "08-operator-rates");

			// a regulator's page with an operator key: 403
			browser.get(console.url("/regulator/trace"));
			assertThat(browser.findElement(By.id("denied")).getText()).contains("403");
			Chromium.screenshot(browser, "09-operator-denied-regulator-page");

			browser.findElement(By.id("sign-out")).click();
			waitFor(ExpectedConditions.urlContains("/sign-in"));

			// a regulator traces the virtual number
			browser.findElement(By.id("keyId")).sendKeys(regulator.keyId());
			browser.findElement(By.id("secret")).sendKeys(regulator.secret());
			browser.findElement(By.id("sign-in")).click();
			waitFor(ExpectedConditions.urlContains("/regulator/trace"));
			// an API refusal is shown as its problem: title, code, detail
			browser.findElement(By.id("virtualNumber")).sendKeys("7001234");
			browser.findElement(By.id("reason")).sendKeys("console test: case 42");
			browser.findElement(By.id("trace")).click();
			waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("problem-slot"),
					"INVALID_VIRTUAL_NUMBER"));
			assertThat(browser.findElement(By.cssSelector("#problem-slot .status")).getText()).contains("400");
			assertThat(browser.findElement(By.cssSelector("#problem-slot .detail")).getText()).isNotBlank();
			Chromium.screenshot(browser, "10-regulator-trace-refused");
			browser.findElement(By.id("virtualNumber")).clear();
			browser.findElement(By.id("virtualNumber")).sendKeys(virtualNumber);
			// the ledger ingests on its own: once the API's trace has the binding, the
			// page's
			// does (a deadline, never a sleep)
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				SignedCalls.Response trace = gw
					.send(call("GET", "/v1/audit/trace",
							Ns1Signature.query(Map.of("virtualNumber", virtualNumber, "at", Instant.now().toString(),
									"reason", "console test: waiting for the ledger")),
							null, regulator))
					.expect(200);
				assertThat(trace.json().get("holders").size()).isEqualTo(1);
			});
			browser.findElement(By.id("at")).clear();
			browser.findElement(By.id("at")).sendKeys(Instant.now().toString());
			browser.findElement(By.id("trace")).click();
			waitFor(ExpectedConditions
				.presenceOfElementLocated(By.xpath("//tr[@class='holder']/td[text()='" + bindingId + "']")));
			WebElement holder = browser.findElement(By.cssSelector("tr.holder"));
			assertThat(holder.getText()).contains(platform, "CONSOLE-" + run, virtualNumber);
			Chromium.screenshot(browser, "11-regulator-trace");

			browser.get(console.url("/regulator/party-search"));
			browser.findElement(By.id("party")).sendKeys(a);
			browser.findElement(By.id("reason")).sendKeys("console test: case 42");
			browser.findElement(By.id("search")).click();
			waitFor(ExpectedConditions.presenceOfElementLocated(By.id("holder-count")));
			assertThat(browser.findElement(By.id("holder-count")).getText()).isEqualTo("1");
			Chromium.screenshot(browser, "12-regulator-party-search");

			browser.get(console.url("/regulator/events"));
			Chromium.screenshot(browser, "13-regulator-events");
			// what the form downloads, with this browser's session: the API's CSV
			// streamed
			// through, parties masked as the export writes them
			String session = browser.manage().getCookieNamed("NUMSHIELD_CONSOLE").getValue();
			String query = Ns1Signature.query(Map.of("from", Instant.now().minusSeconds(600).toString(), "to",
					Instant.now().plusSeconds(60).toString(), "virtualNumber", virtualNumber, "type", "BINDING_CREATED",
					"format", "csv", "reason", "console test: case 42"));
			HttpResponse<String> export = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(console.url("/regulator/events/export?" + query)))
					.header("Cookie", "NUMSHIELD_CONSOLE=" + session)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(export.statusCode()).isEqualTo(200);
			assertThat(export.headers().firstValue("Content-Type"))
				.hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
			assertThat(export.headers().firstValue("Content-Disposition"))
				.hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
			assertThat(export.body().lines().filter(line -> line.contains(bindingId))).hasSize(1);
			assertThat(export.body()).doesNotContain(a, b);

			browser.get(console.url("/regulator/ledger"));
			browser.findElement(By.id("verify")).click();
			waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("verification"), "Verified"));
			Chromium.screenshot(browser, "14-regulator-ledger");

			// an operator's page with a regulator key: 403
			browser.get(console.url("/operator/pools"));
			assertThat(browser.findElement(By.id("denied")).getText()).contains("403");
			Chromium.screenshot(browser, "15-regulator-denied-operator-page");

			signalToCase(gw, run, regulator, signalParty, console);

			// every page kept to its Content-Security-Policy (htmx included): nothing
			// refused
			assertThat(Chromium.cspViolations(browser)).isEmpty();
		}
	}

	/**
	 * The regulator's signal, case and daily-report pages: the PARTY_MANY_PLATFORMS
	 * signal the detector raised (every 5 s here) about the party bound on three
	 * platforms, listed masked under its kind; its page; a case opened from it showing
	 * the three bindings with the party masked; the case's attested bundle and
	 * yesterday's signed report downloaded through the console.
	 */
	private void signalToCase(SignedCalls gw, String run, SignedCalls.Key regulator, String party,
			ConsoleProcess console) throws Exception {
		String masked = party.substring(0, 3) + "****" + party.substring(party.length() - 4);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			JsonNode signals = gw.send(call("GET", "/v1/audit/signals",
					Ns1Signature.query(Map.of("from", Instant.now().minus(Duration.ofHours(2)).toString(), "to",
							Instant.now().plusSeconds(60).toString(), "kind", "PARTY_MANY_PLATFORMS", "limit", "200")),
					null, regulator))
				.expect(200)
				.json()
				.get("signals");
			boolean found = false;
			for (int i = 0; i < signals.size(); i++) {
				found |= masked.equals(signals.get(i).get("subject").get("masked").asString())
						&& signals.get(i).get("evidence").toString().contains("console-signals-" + run);
			}
			assertThat(found).as("a PARTY_MANY_PLATFORMS signal about " + masked).isTrue();
		});
		browser.get(console.url("/regulator/signals"));
		new Select(browser.findElement(By.id("kind"))).selectByVisibleText("PARTY_MANY_PLATFORMS");
		browser.findElement(By.id("show-signals")).click();
		waitFor(ExpectedConditions.urlContains("kind=PARTY_MANY_PLATFORMS"));
		WebElement row = browser.findElements(By.cssSelector("tr.signal"))
			.stream()
			.filter(r -> r.findElement(By.cssSelector(".subject")).getText().contains(masked))
			.findFirst()
			.orElseThrow();
		assertThat(row.findElement(By.cssSelector(".kind")).getText()).isEqualTo("PARTY_MANY_PLATFORMS");
		assertThat(browser.getPageSource()).doesNotContain(party);
		Chromium.screenshot(browser, "16-regulator-signals");

		row.findElement(By.cssSelector("a.signal-link")).click();
		waitFor(ExpectedConditions.presenceOfElementLocated(By.id("signal")));
		assertThat(browser.findElement(By.id("evidence")).getText()).contains("console-signals-" + run);
		Chromium.screenshot(browser, "17-regulator-signal");

		browser.findElement(By.cssSelector("#open-case-form input[name=reason]")).sendKeys("console test: case 42");
		browser.findElement(By.id("open-case")).click();
		waitFor(ExpectedConditions.presenceOfElementLocated(By.id("case-bindings")));
		String caseId = browser.findElement(By.id("case-id")).getText();
		assertThat(caseId).startsWith("case-");
		List<WebElement> bindings = browser.findElements(By.cssSelector("tr.case-binding"));
		assertThat(bindings).hasSize(3);
		assertThat(browser.findElement(By.id("case-bindings")).getText()).contains(masked,
				"console-signals-" + run + "-0", "console-signals-" + run + "-2");
		assertThat(browser.getPageSource()).doesNotContain(party);
		Chromium.screenshot(browser, "18-regulator-case");

		// the case's attested bundle, through the console with this browser's session
		String session = browser.manage().getCookieNamed("NUMSHIELD_CONSOLE").getValue();
		String href = browser.findElement(By.id("export-attested")).getAttribute("href");
		HttpResponse<String> bundle = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(href)).header("Cookie", "NUMSHIELD_CONSOLE=" + session).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.body().lines().reduce((first, second) -> second).orElseThrow())
			.contains("numshield-case-bundle/1", caseId);
		assertThat(bundle.body()).doesNotContain(party);

		// yesterday's signed daily report, through the console
		browser.get(console.url("/regulator/reports"));
		Chromium.screenshot(browser, "19-regulator-daily-reports");
		HttpResponse<String> report = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(browser.findElement(By.cssSelector("a.report-csv")).getAttribute("href")))
				.header("Cookie", "NUMSHIELD_CONSOLE=" + session)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(report.statusCode()).isEqualTo(200);
		assertThat(report.body()).startsWith("date,platformId,virtualNumber");
		assertThat(report.headers().firstValue("NumShield-Signature"))
			.hasValueSatisfying(sig -> assertThat(sig).startsWith("ed25519="));
	}

	/**
	 * One party bound through three platforms of a pool of their own (the pages above
	 * count the first pool's) within one tumbling hour: PARTY_MANY_PLATFORMS's threshold
	 * (3 platforms, 3 bindings). Waits for the next hour when this one has under a minute
	 * left. The party.
	 */
	private static String partyOnThreePlatforms(SignedCalls gw, String run) {
		await().atMost(Duration.ofSeconds(70))
			.until(() -> Instant.now().atZone(java.time.ZoneOffset.UTC).getMinute() < 59);
		String pool = "console-signals-" + run;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR))
			.expect(201);
		String block = "7004" + String.format("%07d", (int) ((System.nanoTime() + 2_500_000) % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		String party = PhoneFixtures.mobile();
		for (int i = 0; i < 3; i++) {
			String platform = "console-signals-" + run + "-" + i;
			gw.send(call("POST", "/v1/platforms", null,
					Map.of("platformId", platform, "name", "Console signals " + i, "pools", List.of(pool)), OPERATOR))
				.expect(201);
			SignedCalls.Key key = IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform));
			gw.send(call(
					"POST", "/v1/bindings", null, Map.of("mode", "AXB", "orderId", "SIGNALS-" + run + "-" + i, "partyA",
							party, "partyB", PhoneFixtures.mobile(), "ttlSeconds", 600, "consent", Map.of("reference",
									"signals-" + run, "grantedAt", Instant.now().minusSeconds(5).toString())),
					key))
				.expect(201);
		}
		return party;
	}

	/**
	 * A callback of the platform given up: a real call event queued for the platform,
	 * whose deliveries fail (its callbackUrl resolves nowhere); the 25 hours of max-age
	 * after which the deliverer gives it up are stood in for by the deliverer's own
	 * script, run here with DEAD. Its eventId.
	 */
	private String deadLetter(SignedCalls gw, String pool, String bindingId, String a, String virtualNumber) {
		SignedCalls.Key carrier = IssuedKeys.issue(gw, Map.of("role", "CARRIER", "pools", List.of(pool)));
		SignedCalls.Response event = gw
			.send(call("POST", "/v1/call-events", null,
					Map.of("callId", "console-dead", "bindingId", bindingId, "caller", a, "called", virtualNumber,
							"event", "ANSWERED", "occurredAt", Instant.now().toString()),
					carrier))
			.expect(202);
		assertThat(event.json().get("delivering").asBoolean()).isTrue();
		String eventId = event.text("eventId");
		String base = new RedisKeys(TestInfrastructure.get().keyPrefix())
			.shardBase(VirtualNumber.parse(virtualNumber).shard());
		String settled = redisson.getScript(StringCodec.INSTANCE)
			.eval(base, RScript.Mode.READ_WRITE, LeaseScript.CALLBACKS_SETTLE.source(), RScript.ReturnType.VALUE,
					List.of(base), eventId, "DEAD",
					"MAX_AGE: given up by ConsoleBrowserIT in place of 25 h of attempts");
		assertThat(settled).isEqualTo("DEAD");
		return eventId;
	}

	/**
	 * Binds Prometheus sees happen: a rate needs the counter to grow between two scrapes,
	 * so first Prometheus must have scraped the bind counter once (the binding above made
	 * it), then three more binds, on a platform and pool of their own (the pages above
	 * count the first pool's).
	 */
	private static void bindsForTheRates(SignedCalls gw, String run, PrometheusProcess prometheus) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> prometheus.query("binding_lease_seconds_count{outcome=\"created\"}").contains("created"));
		String pool = "console-rates-" + run;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR))
			.expect(201);
		String block = "7004" + String.format("%07d", (int) ((System.nanoTime() + 5_000_000) % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		String platform = "console-rates-" + run;
		gw.send(call("POST", "/v1/platforms", null,
				Map.of("platformId", platform, "name", "Console rates", "pools", List.of(pool)), OPERATOR))
			.expect(201);
		SignedCalls.Key key = IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform));
		for (int i = 0; i < 3; i++) {
			gw.send(call("POST", "/v1/bindings", null,
					Map.of("mode", "AXB", "orderId", "RATES-" + run + "-" + i, "partyA", PhoneFixtures.mobile(),
							"partyB", PhoneFixtures.mobile(), "ttlSeconds", 600, "consent",
							Map.of("reference", "rates-" + run, "grantedAt", Instant.now().minusSeconds(5).toString())),
					key))
				.expect(201);
		}
	}

	private static void waitFor(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition);
	}

	/**
	 * A key issued by the bootstrap operator, approved by the second where it must be.
	 */

}
