package io.numshield.gateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through Debian's chromedriver, both by path, so that
 * Selenium Manager never looks for (or downloads) either; a fresh profile each time.
 * {@code scripts/test.sh} installs them where they are missing; here a missing one fails
 * the test with what to install, never skips it.
 */
final class Chromium {

	static final Path BROWSER = Path.of(System.getProperty("numshield.chromium", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(System.getProperty("numshield.chromedriver", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private Chromium() {
	}

	static ChromeDriver start() {
		for (Path needed : new Path[] { BROWSER, DRIVER }) {
			if (!Files.isExecutable(needed)) {
				throw new IllegalStateException(needed + " is missing: apt-get install -y chromium chromium-driver "
						+ "(scripts/test.sh does it before make test)");
			}
		}
		Path profile;
		try {
			Files.createDirectories(Path.of("target", "test-logs"));
			profile = Files.createTempDirectory("numshield-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
		// the page's console messages (a Content-Security-Policy violation is one), for
		// cspViolations
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(new File("target/test-logs/chromedriver.log"))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		return driver;
	}

	/**
	 * What the Content-Security-Policy refused since the last call (the browser's console
	 * messages about it): none, if every page is as strict as its policy.
	 */
	static List<String> cspViolations(ChromeDriver driver) {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter(message -> message.contains("Content Security Policy") || message.contains("Refused to"))
			.toList();
	}

	/** Saves what the browser shows as target/console-screenshots/{name}.png. */
	static Path screenshot(ChromeDriver driver, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
