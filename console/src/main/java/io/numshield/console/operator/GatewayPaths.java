package io.numshield.console.operator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Path segments from what a person typed, percent-encoded. */
public final class GatewayPaths {

	private GatewayPaths() {
	}

	public static String segment(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
