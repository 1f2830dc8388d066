package io.numshield.console.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.numshield.console.ConsoleProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live rates as read from Prometheus's HTTP API, over real HTTP from a stand-in that
 * answers as Prometheus does (the real one is in e2e's ConsoleBrowserIT): the two queries
 * asked, the series summed by outcome, NaN read as 0, and a Prometheus that answers
 * otherwise named as such; with none configured, nothing is asked.
 */
class PrometheusRatesTests {

	private final List<String> asked = new CopyOnWriteArrayList<>();

	private @Nullable HttpServer prometheus;

	@AfterEach
	void stop() {
		if (prometheus != null) {
			prometheus.stop(0);
		}
	}

	@Test
	void readsBindsAndRoutesByOutcomeBusiestFirst() throws Exception {
		PrometheusRates rates = rates(start(200, query -> query.contains("binding_lease") ? """
				{"status":"success","data":{"resultType":"vector","result":[
				 {"metric":{"outcome":"quota_exceeded"},"value":[1764500000.1,"0.25"]},
				 {"metric":{"outcome":"created"},"value":[1764500000.1,"12.5"]}]}}""" : """
				{"status":"success","data":{"resultType":"vector","result":[
				 {"metric":{"action":"CONNECT","reason":""},"value":[1764500000.1,"3"]},
				 {"metric":{"action":"REJECT","reason":"NO_BINDING"},"value":[1764500000.1,"NaN"]}]}}"""));

		PrometheusRates.Rates read = rates.read();

		assertThat(read.binds()).extracting(PrometheusRates.Rate::outcome).containsExactly("created", "quota_exceeded");
		assertThat(read.bindsTotal()).isEqualTo("12.75");
		assertThat(read.routes()).extracting(PrometheusRates.Rate::outcome)
			.containsExactly("CONNECT", "REJECT NO_BINDING");
		assertThat(read.routes().get(1).perSecond()).isZero();
		assertThat(read.routesTotal()).isEqualTo("3.00");
		assertThat(asked).containsExactlyInAnyOrder(PrometheusRates.BINDS, PrometheusRates.ROUTES);
	}

	@Test
	void namesAPrometheusThatDoesNotAnswerAsItsApiSays() throws Exception {
		assertThatThrownBy(() -> rates(start(503, q -> "down")).read()).isInstanceOf(PrometheusRates.Unavailable.class)
			.hasMessageContaining("HTTP 503");
		stop();
		assertThatThrownBy(() -> rates(start(200, q -> "<html>not prometheus</html>")).read())
			.isInstanceOf(PrometheusRates.Unavailable.class)
			.hasMessageContaining("not its API");
		stop();
		assertThatThrownBy(() -> rates(start(200, q -> "{\"status\":\"error\",\"error\":\"bad\"}")).read())
			.isInstanceOf(PrometheusRates.Unavailable.class)
			.hasMessageContaining("refused");
	}

	@Test
	void withoutAPrometheusConfiguredAsksNothing() {
		PrometheusRates none = new PrometheusRates(properties(" "));
		assertThat(none.prometheus()).isNull();
		assertThatIllegalStateException().isThrownBy(none::read).withMessageContaining("no Prometheus configured");
	}

	private String start(int status, java.util.function.UnaryOperator<String> answer) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/prom/api/v1/query", exchange -> {
			String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring("query=".length()),
					StandardCharsets.UTF_8);
			asked.add(query);
			byte[] body = answer.apply(query).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		prometheus = server;
		// a base URL with a path and a trailing slash, as behind a proxy
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/prom/";
	}

	private static PrometheusRates rates(String url) {
		return new PrometheusRates(properties(url));
	}

	private static ConsoleProperties properties(String prometheusUrl) {
		return new ConsoleProperties(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(5), 10, Duration.ZERO, null,
				Duration.ofSeconds(30), prometheusUrl);
	}

}
