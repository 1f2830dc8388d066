package io.numshield.gateway;

import io.numshield.testsupport.OpenApiContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The answers {@code docs/api/openapi.yaml} declares, as a test checks a live answer
 * against them: the status must be one the operation lists (or its {@code 2XX}), the
 * media type one of that answer's {@code content}, and the body must validate against its
 * schema (JSON Schema 2020-12 with the OpenAPI 3.1 dialect, formats asserted:
 * {@code date-time}, {@code uri}); each line of a JSON-lines answer on its own. Other
 * media types (CSV, YAML, HTML) are declared as strings: their type is checked, not their
 * text. An answer without declared content must have no body. Every problem document must
 * also validate against {@code components.schemas.Problem}, with {@code status} the
 * answer's.
 * <p>
 * Read strictly: an object schema that lists {@code properties} and says nothing of
 * others is read as if it said {@code unevaluatedProperties: false}, so a field a service
 * answers that the description does not name is a finding too (the description is
 * normative: whatever a client can receive is in it).
 */
final class OpenApiAnswers {

	/** The description's identifier in the schema registry. */
	private static final String BASE = "urn:numshield:openapi";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonNode document;

	private final SchemaRegistry registry;

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private OpenApiAnswers(JsonNode document) {
		this.document = document;
		String text = JSON.writeValueAsString(document);
		this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
				builder -> builder.schemas(Map.of(BASE, text))
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
	}

	/** The repository's description, read strictly. */
	static OpenApiAnswers load() {
		Path file = OpenApiContract.load().repositoryRoot().resolve(OpenApiContract.LOCATION);
		try {
			return of(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A description given as YAML (or JSON), read strictly. */
	static OpenApiAnswers of(String yaml) {
		JsonNode document = YAMLMapper.builder().build().readTree(yaml);
		closeObjects(document);
		return new OpenApiAnswers(document);
	}

	/**
	 * What is wrong with an answer to {@code method} on the path template
	 * {@code template} ({@code /v1/bindings/{bindingId}}): empty when it is as declared.
	 * {@code contentType} and {@code body} may be null or empty for an answer without a
	 * body.
	 */
	List<String> check(String method, String template, int status, String contentType, String body) {
		return check(method, template, status, contentType, Map.of(), body);
	}

	/**
	 * As {@link #check(String, String, int, String, String)}, and each header the answer
	 * declares that is among {@code headers} (names in any case, first values) must
	 * validate against its schema ({@code Retry-After} a whole number, the audit's
	 * {@code NumShield-*} headers their enum, instant and count).
	 */
	List<String> check(String method, String template, int status, String contentType, Map<String, String> headers,
			String body) {
		String where = method.toUpperCase(Locale.ROOT) + " " + template + " " + status + ": ";
		String operationPointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
		JsonNode responses = this.document.at(operationPointer + "/responses");
		if (responses.isMissingNode()) {
			return List.of(where + "no such operation in the description");
		}
		String key = responses.has(Integer.toString(status)) ? Integer.toString(status) : (status / 100) + "XX";
		if (!responses.has(key)) {
			return List.of(where + "status not declared (declared: " + responses.propertyNames() + ")");
		}
		String pointer = operationPointer + "/responses/" + key;
		JsonNode response = this.document.at(pointer);
		if (response.has("$ref")) {
			pointer = response.get("$ref").asString().substring(1);
			response = this.document.at(pointer);
		}
		List<String> findings = new ArrayList<>(headerFindings(where, pointer, response, headers));
		boolean hasBody = body != null && !body.isEmpty();
		String mediaType = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
		JsonNode content = response.get("content");
		if (content == null) {
			if (hasBody) {
				findings.add(where + "a body (" + mediaType + ") where none is declared");
			}
			return findings;
		}
		if (!content.has(mediaType)) {
			findings
				.add(where + "media type '" + mediaType + "' not declared (declared: " + content.propertyNames() + ")");
			return findings;
		}
		if (!hasBody) {
			findings.add(where + "no body where " + mediaType + " is declared");
			return findings;
		}
		if (!mediaType.endsWith("json") && !mediaType.equals("application/x-ndjson")) {
			return findings; // CSV, YAML, HTML: declared as strings
		}
		String charset = charset(contentType);
		if (charset != null && !charset.equalsIgnoreCase("UTF-8")) {
			// RFC 8259: JSON between systems is UTF-8; a client that believes the label
			// reads anything beyond ASCII wrongly
			findings.add(where + "JSON labelled charset=" + charset);
		}
		Schema schema = schema(pointer + "/content/" + escape(mediaType) + "/schema");
		List<String> documents = mediaType.equals("application/x-ndjson")
				? body.lines().filter(line -> !line.isBlank()).toList() : List.of(body);
		for (String text : documents) {
			JsonNode node;
			try {
				node = JSON.readTree(text);
			}
			catch (JacksonException ex) {
				findings.add(where + "not JSON: " + ex.getOriginalMessage());
				continue;
			}
			for (Error error : schema.validate(node)) {
				findings.add(where + error);
			}
			if (mediaType.equals("application/problem+json")) {
				for (Error error : schema("/components/schemas/Problem").validate(node)) {
					findings.add(where + "as a Problem: " + error);
				}
				if (node.path("status").asInt(-1) != status) {
					findings.add(where + "the problem's status is " + node.get("status"));
				}
			}
		}
		return findings;
	}

	private List<String> headerFindings(String where, String pointer, JsonNode response, Map<String, String> headers) {
		JsonNode declared = response.get("headers");
		if (declared == null) {
			return List.of();
		}
		List<String> findings = new ArrayList<>();
		for (String name : declared.propertyNames()) {
			String value = headers.entrySet()
				.stream()
				.filter(header -> header.getKey().equalsIgnoreCase(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
			if (value == null) {
				continue;
			}
			String headerPointer = pointer + "/headers/" + escape(name);
			JsonNode header = declared.get(name);
			if (header.has("$ref")) {
				headerPointer = header.get("$ref").asString().substring(1);
				header = this.document.at(headerPointer);
			}
			// a header is text; one declared as a number is read as one
			String type = header.path("schema").path("type").asString("");
			JsonNode node = JSON.getNodeFactory().textNode(value);
			if (type.equals("integer") && value.matches("-?[0-9]{1,18}")) {
				node = JSON.getNodeFactory().numberNode(Long.parseLong(value));
			}
			for (Error error : schema(headerPointer + "/schema").validate(node)) {
				findings.add(where + "header " + name + ": " + value + ": " + error);
			}
		}
		return findings;
	}

	/** The {@code charset} parameter of a media type, or null. */
	private static String charset(String contentType) {
		for (String parameter : contentType.split(";")) {
			String[] nameAndValue = parameter.strip().split("=", 2);
			if (nameAndValue.length == 2 && nameAndValue[0].strip().equalsIgnoreCase("charset")) {
				return nameAndValue[1].strip().replace("\"", "");
			}
		}
		return null;
	}

	private Schema schema(String pointer) {
		return this.schemas.computeIfAbsent(pointer, p -> this.registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
	}

	/** A JSON pointer's reference token (RFC 6901): {@code ~} and {@code /} escaped. */
	private static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

	/**
	 * Every object schema that lists its properties and says nothing of others gets
	 * {@code unevaluatedProperties: false}.
	 */
	private static void closeObjects(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.get("properties") instanceof ObjectNode && !object.has("additionalProperties")
					&& !object.has("unevaluatedProperties")) {
				object.put("unevaluatedProperties", false);
			}
			object.values().forEach(OpenApiAnswers::closeObjects);
		}
		else if (node.isArray()) {
			node.values().forEach(OpenApiAnswers::closeObjects);
		}
	}

}
