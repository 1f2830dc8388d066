package io.numshield.gateway.apidoc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.numshield.support.web.Problems;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API's description and a page to browse it, for integrators generating a client or
 * reading the contract: {@code GET /openapi.yaml} is docs/api/openapi.yaml as built into
 * this gateway (the normative description, checked against every controller and route by
 * the tests), {@code GET /docs} a Swagger UI page that loads it. Every file is served
 * from the gateway's own jar (the description, the page, its script and the {@code
 * org.webjars:swagger-ui} bundle), each at an exact path, so that the edge's list of
 * unsigned paths stays a list of exact paths (EdgeCheck); the page's Content Security
 * Policy allows nothing from elsewhere.
 */
@RestController
class ApiDescriptionController {

	static final String DESCRIPTION = "/openapi.yaml";

	static final String PAGE = "/docs";

	/**
	 * Swagger UI styles elements inline and shows its logo as a data URI; nothing else is
	 * allowed.
	 */
	private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript");

	private static final MediaType CSS = MediaType.parseMediaType("text/css");

	private final byte[] description;

	private final byte[] page;

	private final byte[] script;

	private final byte[] uiScript;

	private final byte[] uiStyle;

	ApiDescriptionController() {
		PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver(
				ApiDescriptionController.class.getClassLoader());
		this.description = read(resources, "classpath:io/numshield/gateway/apidoc/openapi.yaml");
		this.page = read(resources, "classpath:io/numshield/gateway/apidoc/index.html");
		this.script = read(resources, "classpath:io/numshield/gateway/apidoc/init.js");
		this.uiScript = read(resources, "classpath*:META-INF/resources/webjars/swagger-ui/*/swagger-ui-bundle.js");
		this.uiStyle = read(resources, "classpath*:META-INF/resources/webjars/swagger-ui/*/swagger-ui.css");
	}

	/** One file, read once at start: a gateway built without it does not start. */
	private static byte[] read(PathMatchingResourcePatternResolver resources, String pattern) {
		try {
			Resource[] found = resources.getResources(pattern);
			if (found.length != 1 || !found[0].exists()) {
				throw new IllegalStateException(
						"expected exactly one " + pattern + " on the classpath, found " + found.length);
			}
			try (InputStream in = found[0].getInputStream()) {
				return in.readAllBytes();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + pattern, ex);
		}
	}

	@GetMapping(DESCRIPTION)
	ResponseEntity<byte[]> description() {
		return file(description, YAML);
	}

	@GetMapping(PAGE)
	ResponseEntity<byte[]> page() {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
			.header("Content-Security-Policy", PAGE_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.body(page);
	}

	/**
	 * The page's script, stylesheet and Swagger UI's bundle; any other name is not found
	 * (and is never asked unsigned: the edge passes only the three exact paths).
	 */
	@GetMapping(PAGE + "/{asset}")
	ResponseEntity<?> asset(@PathVariable String asset, HttpServletRequest request) {
		return switch (asset) {
			case "init.js" -> file(script, JAVASCRIPT);
			case "swagger-ui-bundle.js" -> file(uiScript, JAVASCRIPT);
			case "swagger-ui.css" -> file(uiStyle, CSS);
			default -> ResponseEntity.status(404)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.json(404, "NOT_FOUND", "no such file of the API page", request.getRequestURI()));
		};
	}

	private static ResponseEntity<byte[]> file(byte[] content, MediaType type) {
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
			.header("X-Content-Type-Options", "nosniff")
			.body(content);
	}

}
