package io.numshield.console.operator;

import io.numshield.console.ConsoleProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' live bind and route rates, as Prometheus has them from scraping their
 * {@code /actuator/prometheus} ({@code binding_lease_seconds_count},
 * {@code routing_decision_seconds_count}): one instant query each of Prometheus's HTTP
 * API ({@code /api/v1/query}), over the last minute, by outcome. The console asks
 * Prometheus, never the services: without {@code numshield.console.prometheus-url} there
 * are no rates.
 */
@Component
public class PrometheusRates {

	/** Binds per second by the service's outcome tag ({@code created}, refusals …). */
	static final String BINDS = "sum by (outcome) (rate(binding_lease_seconds_count[1m]))";

	/** Routing decisions per second by action and reason. */
	static final String ROUTES = "sum by (action, reason) (rate(routing_decision_seconds_count[1m]))";

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final @Nullable URI prometheus;

	private final Duration timeout;

	private final HttpClient http;

	PrometheusRates(ConsoleProperties properties) {
		String url = properties.prometheusUrl();
		this.prometheus = url == null || url.isBlank() ? null : URI.create(url.strip().replaceAll("/+$", "") + "/");
		this.timeout = properties.requestTimeout();
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	/** Where the rates come from; null when none is configured. */
	public @Nullable URI prometheus() {
		return prometheus;
	}

	/**
	 * One outcome's rate.
	 *
	 * @param outcome the outcome's tags as shown ({@code created};
	 * {@code REJECT NO_BINDING})
	 * @param perSecond per second over the last minute
	 */
	public record Rate(String outcome, double perSecond) {

		public String shown() {
			return String.format(java.util.Locale.ROOT, "%.2f", perSecond);
		}

	}

	/**
	 * The rates at one instant.
	 *
	 * @param binds binds per second by outcome, the busiest first
	 * @param routes routing decisions per second by action and reason, the busiest first
	 * @param at when they were read
	 */
	public record Rates(List<Rate> binds, List<Rate> routes, Instant at) {

		public String bindsTotal() {
			return total(binds);
		}

		public String routesTotal() {
			return total(routes);
		}

		private static String total(List<Rate> rates) {
			return String.format(java.util.Locale.ROOT, "%.2f", rates.stream().mapToDouble(Rate::perSecond).sum());
		}

	}

	/** Prometheus did not answer, or not as its API says. */
	public static final class Unavailable extends RuntimeException {

		Unavailable(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * The rates now.
	 * @throws IllegalStateException when no Prometheus is configured
	 * @throws Unavailable when Prometheus did not answer them
	 */
	public Rates read() {
		if (prometheus == null) {
			throw new IllegalStateException("no Prometheus configured");
		}
		return new Rates(query(BINDS, List.of("outcome")), query(ROUTES, List.of("action", "reason")),
				Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
	}

	private List<Rate> query(String promql, List<String> labels) {
		URI uri = prometheus.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		HttpResponse<String> answer;
		try {
			answer = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new Unavailable(
					"Prometheus at " + prometheus + " did not answer (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("interrupted");
		}
		if (answer.statusCode() != 200) {
			throw new Unavailable("Prometheus at " + prometheus + " answered HTTP " + answer.statusCode());
		}
		try {
			JsonNode body = JSON.readTree(answer.body());
			if (!"success".equals(body.path("status").asString(""))) {
				throw new Unavailable("Prometheus at " + prometheus + " refused the query");
			}
			Map<String, Double> rates = new TreeMap<>();
			for (JsonNode series : body.path("data").path("result")) {
				List<String> tags = new ArrayList<>();
				for (String label : labels) {
					String value = series.path("metric").path(label).asString("");
					if (!value.isEmpty()) {
						tags.add(value);
					}
				}
				double perSecond = Double.parseDouble(series.path("value").path(1).asString("0"));
				rates.merge(tags.isEmpty() ? "(none)" : String.join(" ", tags), Double.isNaN(perSecond) ? 0 : perSecond,
						Double::sum);
			}
			return rates.entrySet()
				.stream()
				.map(e -> new Rate(e.getKey(), e.getValue()))
				.sorted(Comparator.comparingDouble(Rate::perSecond).reversed().thenComparing(Rate::outcome))
				.toList();
		}
		catch (JacksonException | NumberFormatException ex) {
			throw new Unavailable("Prometheus at " + prometheus + " answered something that is not its API");
		}
	}

}
