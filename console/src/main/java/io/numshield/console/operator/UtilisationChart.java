package io.numshield.console.operator;

import io.numshield.console.operator.PoolHistory.Sample;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A pool's utilisation over time as inline SVG, drawn on the server: no script, so the
 * Content-Security-Policy stays strict. Built from numbers and instants only, so the
 * markup needs no escaping. The y axis runs from 0 to the larger of 1 % and the highest
 * sample (a pool at 0.3 % is not a flat line).
 */
final class UtilisationChart {

	static final int WIDTH = 360;

	static final int HEIGHT = 120;

	private static final int LEFT = 44;

	private static final int RIGHT = 8;

	private static final int TOP = 8;

	private static final int BOTTOM = 20;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

	private UtilisationChart() {
	}

	static String svg(String poolId, List<Sample> samples) {
		StringBuilder svg = new StringBuilder();
		svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
			.append(WIDTH)
			.append("\" height=\"")
			.append(HEIGHT)
			.append("\" viewBox=\"0 0 ")
			.append(WIDTH)
			.append(' ')
			.append(HEIGHT)
			.append("\" role=\"img\" data-samples=\"")
			.append(samples.size())
			.append("\"><title>utilisation of pool ")
			.append(escape(poolId))
			.append(" over time (UTC)</title>");
		double max = Math.max(0.01, samples.stream().mapToDouble(Sample::utilization).max().orElse(0));
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "axis"))
			.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "axis"));
		svg.append(text(LEFT - 4, TOP + 8, "end", percent(max))).append(text(LEFT - 4, TOP + plotHeight, "end", "0 %"));
		if (samples.isEmpty()) {
			svg.append(text(LEFT + plotWidth / 2, TOP + plotHeight / 2, "middle", "no samples yet"));
			return svg.append("</svg>").toString();
		}
		long first = samples.get(0).at().toEpochMilli();
		long span = Math.max(1, samples.get(samples.size() - 1).at().toEpochMilli() - first);
		StringBuilder points = new StringBuilder();
		StringBuilder dots = new StringBuilder();
		for (Sample sample : samples) {
			double x = samples.size() == 1 ? LEFT + plotWidth / 2.0
					: LEFT + plotWidth * (sample.at().toEpochMilli() - first) / (double) span;
			double y = TOP + plotHeight - plotHeight * sample.utilization() / max;
			points.append(format(x)).append(',').append(format(y)).append(' ');
			dots.append("<circle class=\"point\" cx=\"")
				.append(format(x))
				.append("\" cy=\"")
				.append(format(y))
				.append("\" r=\"2.5\"><title>")
				.append(TIME.format(sample.at()))
				.append(" UTC: ")
				.append(percent(sample.utilization()))
				.append(", ")
				.append(sample.numbersInUse())
				.append(" numbers in use</title></circle>");
		}
		svg.append("<polyline class=\"series\" fill=\"none\" points=\"")
			.append(points.toString().strip())
			.append("\"/>");
		svg.append(dots);
		svg.append(text(LEFT, HEIGHT - 4, "start", TIME.format(samples.get(0).at())))
			.append(text(LEFT + plotWidth, HEIGHT - 4, "end", TIME.format(samples.get(samples.size() - 1).at())));
		return svg.append("</svg>").toString();
	}

	private static String line(int x1, int y1, int x2, int y2, String cssClass) {
		return "<line class=\"" + cssClass + "\" x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2
				+ "\"/>";
	}

	private static String text(int x, int y, String anchor, String content) {
		return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + content + "</text>";
	}

	private static String percent(double utilization) {
		return String.format(Locale.ROOT, "%.2f %%", utilization * 100);
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/** Pool ids are {@code [A-Za-z0-9._-]}; escaped all the same. */
	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
