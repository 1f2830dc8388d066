package io.numshield.console.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.console.ConsoleProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's history: a bounded ring per pool, samples too close together dropped. */
class PoolHistoryTests {

	private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

	@Test
	void keepsTheNewestSamplesUpToItsSizeAndDropsThoseTooClose() {
		PoolHistory history = new PoolHistory(new ConsoleProperties(URI.create("http://127.0.0.1:1"),
				Duration.ofSeconds(5), 3, Duration.ofSeconds(5), null, Duration.ofSeconds(30), null));
		double[] utilizations = { 0.0, 0.1, 0.2, 0.3, 0.4 };
		for (int i = 0; i < utilizations.length; i++) {
			history.record(List.of(pool("a", utilizations[i])), T0.plusSeconds(10L * i));
		}
		history.record(List.of(pool("a", 0.9)), T0.plusSeconds(42));
		assertThat(history.samples("a")).extracting(PoolHistory.Sample::utilization).containsExactly(0.2, 0.3, 0.4);
		assertThat(history.samples("b")).isEmpty();
	}

	@Test
	void theChartHasOnePointPerSampleAndSaysWhenItHasNone() {
		String empty = UtilisationChart.svg("a", List.of());
		assertThat(empty).startsWith("<svg").contains("no samples yet").doesNotContain("<circle");
		List<PoolHistory.Sample> samples = List.of(new PoolHistory.Sample(T0, 0.1, 1000),
				new PoolHistory.Sample(T0.plusSeconds(30), 0.2, 2000),
				new PoolHistory.Sample(T0.plusSeconds(60), 0.4, 4000));
		String svg = UtilisationChart.svg("a", samples);
		assertThat(svg.split("<circle", -1)).hasSize(4);
		assertThat(svg).contains("data-samples=\"3\"", "12:00:00", "12:01:00", "40.00 %", "4000 numbers in use");
		// the y axis up to the highest sample: it is at the top of the plot
		assertThat(svg)
			.contains("<polyline class=\"series\" fill=\"none\" points=\"44.0,77.0 198.0,54.0 352.0,8.0\"/>");
	}

	private static PoolSnapshot pool(String id, double utilization) {
		return new PoolSnapshot(id, "r", "SEGMENT_700", 1, 10_000, 0, (long) (utilization * 10_000), utilization);
	}

}
