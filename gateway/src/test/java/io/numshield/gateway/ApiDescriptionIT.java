package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.testsupport.OpenApiContract;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What an integrator without a key gets from the gateway: the API's description exactly
 * as docs/api/openapi.yaml holds it, and a page that browses it with nothing loaded from
 * elsewhere; and nothing more than those exact paths unsigned.
 */
class ApiDescriptionIT extends GatewayITSupport {

	private final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void servesTheNormativeDescriptionUnsigned() throws Exception {
		HttpResponse<String> answer = get("/openapi.yaml");

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> t.startsWith("application/yaml"));
		OpenApiContract description = OpenApiContract.load();
		assertThat(answer.body())
			.isEqualTo(Files.readString(description.repositoryRoot().resolve(OpenApiContract.LOCATION)));
	}

	@Test
	void servesAPageThatLoadsTheDescriptionAndEveryFileItNeedsFromTheGatewayAlone() throws Exception {
		HttpResponse<String> page = get("/docs");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'", "script-src 'self'"));
		Matcher files = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
		int loaded = 0;
		while (files.find()) {
			String file = files.group(1);
			assertThat(file).as("the page loads only the gateway's own files").startsWith("/");
			HttpResponse<String> answer = get(file);
			assertThat(answer.statusCode()).as(file).isEqualTo(200);
			assertThat(answer.body()).as(file).isNotBlank();
			loaded++;
		}
		assertThat(loaded).as("the page's stylesheet, Swagger UI and its set-up, and the description link")
			.isEqualTo(4);
		assertThat(get("/docs/swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
		assertThat(get("/docs/swagger-ui.css").headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> t.startsWith("text/css"));
		assertThat(get("/docs/init.js").body()).contains("url: \"/openapi.yaml\"");
	}

	@Test
	void nothingElseUnderThosePathsIsUnsignedAndAQueryIsRefused() throws Exception {
		for (String path : new String[] { "/docs/other.js", "/docs/", "/openapi.yaml?x=1", "/docs/../v1/pools",
				"/openapi.json" }) {
			HttpResponse<String> answer = get(path);
			assertThat(answer.statusCode()).as(path).isIn(400, 401);
			assertThat(answer.body()).as(path).doesNotContain("SwaggerUIBundle").doesNotContain("openapi: 3.1");
		}
	}

}
