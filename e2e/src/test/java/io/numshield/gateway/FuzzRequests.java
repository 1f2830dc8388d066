package io.numshield.gateway;

import io.numshield.testsupport.OpenApiContract;
import io.numshield.testsupport.PhoneFixtures;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Requests for every operation of the API description, generated from its schemas and
 * then bent the way a careless or hostile client bends them: fields dropped, of the wrong
 * type, holding control characters, lone surrogates, huge or odd text; bodies that are
 * not JSON; path and query parameters mangled, missing or given twice; the key of another
 * role. Everything comes from one {@link SplittableRandom}, so a seed replays a run
 * exactly (up to the ids the platform assigns). The values a valid request needs (an
 * existing pool, platform, binding, virtual number, fixture phone numbers) come from a
 * {@link World} the test fills in.
 */
final class FuzzRequests {

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");

	/**
	 * Stand-ins replaced by JSON escapes after serialisation: a Java string cannot carry
	 * a lone surrogate into UTF-8.
	 */
	private static final String LONE_HIGH = "<<lone-high>>";

	private static final String LONE_LOW = "<<lone-low>>";

	/**
	 * Text a hostile client tries in a string field. Each says what it is, for the
	 * report.
	 */
	static final List<String[]> HOSTILE_TEXT = List.of(new String[] { "NUL", "a\u0000b" },
			new String[] { "C0 control", "a\u0001b" }, new String[] { "line break", "a\nb" },
			new String[] { "DEL", "a\u007fb" }, new String[] { "C1 control", "a\u0085b" },
			new String[] { "lone high surrogate", "a" + LONE_HIGH + "b" },
			new String[] { "lone low surrogate", LONE_LOW }, new String[] { "5000 characters", "x".repeat(5000) },
			new String[] { "empty", "" }, new String[] { "blank", "   " },
			new String[] { "full-width digits", "１３８００００１２３４" }, new String[] { "emoji", "\uD83D\uDE00\uD83D\uDE00" },
			new String[] { "right-to-left override", "a\u202eb" }, new String[] { "SQL", "' OR '1'='1' --" },
			new String[] { "lookup string", "${jndi:ldap://127.0.0.1/x}" },
			new String[] { "path traversal", "../../etc/passwd" }, new String[] { "literal percent-zero", "%00" },
			new String[] { "Chinese", "测试订单" }, new String[] { "zero-width", "a\u200bb" },
			new String[] { "BOM", "\ufeffabc" });

	private static final List<Object> WRONG_TYPES = List.of(12345, -1, 3.5, true, List.of("x"), Map.of("x", 1),
			"not-a-number", 99999999999999999L);

	private static final List<String[]> BROKEN_BODIES = List.of(new String[] { "empty body", "" },
			new String[] { "null", "null" }, new String[] { "array", "[]" }, new String[] { "string", "\"text\"" },
			new String[] { "number", "123" }, new String[] { "truncated", "{\"a\":" }, new String[] { "unclosed", "{" },
			new String[] { "trailing comma", "{\"a\":1,}" }, new String[] { "single quotes", "{'a':1}" },
			new String[] { "deep nesting", "[".repeat(3000) + "]".repeat(3000) },
			new String[] { "deep object", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) },
			new String[] { "huge number", "{\"ttlSeconds\":1" + "0".repeat(400) + "}" },
			new String[] { "NaN", "{\"ttlSeconds\":NaN}" }, new String[] { "comment", "/* x */ {}" });

	private static final List<String[]> HOSTILE_SEGMENTS = List.of(new String[] { "percent NUL", "a%00b" },
			new String[] { "percent line break", "a%0Ab" }, new String[] { "percent DEL", "a%7Fb" },
			new String[] { "dot dot", ".." }, new String[] { "encoded dots", "%2e%2e" },
			new String[] { "encoded slash", "a%2Fb" }, new String[] { "encoded backslash", "a%5Cb" },
			new String[] { "300 characters", "x".repeat(300) }, new String[] { "Chinese", "%E6%B5%8B%E8%AF%95" },
			new String[] { "invalid UTF-8", "%C3%28" }, new String[] { "lone surrogate as UTF-8", "%ED%A0%80" },
			new String[] { "plus and semicolon", "a+b;c" }, new String[] { "full number", "700" + "1".repeat(12) },
			new String[] { "space", "a%20b" }, new String[] { "tilde", "~x" });

	/** One operation of the description, with what it takes. */
	record Operation(String method, String path, String service, List<String> roles, List<Param> params,
			Map<String, Object> bodySchema, boolean bodyRequired) {

		String name() {
			return method + " " + path;
		}

		boolean signed() {
			return !roles.isEmpty();
		}
	}

	record Param(String name, String in, boolean required, Map<String, Object> schema) {
	}

	/**
	 * What to send: the path and query as they go on the wire, the body's text, the role
	 * whose key signs it, the fixture numbers it quotes (a refusal must not echo them),
	 * and what was bent.
	 */
	record Request(Operation operation, String path, String query, String body, String role, Set<String> numbers,
			List<String> mutations, String idempotencyKey) {

		boolean valid() {
			return mutations.isEmpty();
		}

		String describe() {
			String shown = body == null ? "" : " body=" + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
			return operation.method() + " " + path + (query == null || query.isEmpty() ? "" : "?" + query) + " as "
					+ role + " " + (mutations.isEmpty() ? "[valid]" : mutations) + shown;
		}
	}

	/** The things a valid request refers to, which the test creates before the run. */
	interface World {

		String poolId();

		String platformId();

		/** A platform the fuzzer may suspend, resume and revoke. */
		String victimPlatformId();

		/** A key the fuzzer may approve or revoke (never one it signs with). */
		String victimKeyId();

		String bindingId();

		String virtualNumber();

		String managementNumber();

	}

	private final Map<String, Object> root;

	private final List<Operation> operations;

	private final SplittableRandom random;

	private final World world;

	private final Set<String> numbers = new LinkedHashSet<>();

	private final List<String> mutations = new ArrayList<>();

	private int fixture = 300_000;

	FuzzRequests(OpenApiContract contract, SplittableRandom random, World world) {
		this.root = contract.document();
		this.random = random;
		this.world = world;
		this.operations = readOperations();
	}

	List<Operation> operations() {
		return operations;
	}

	/**
	 * A request for {@code operation}: valid with probability {@code validShare},
	 * otherwise bent once or twice.
	 */
	Request next(Operation operation, double validShare) {
		numbers.clear();
		mutations.clear();
		String role = operation.roles().isEmpty() ? "NONE" : pick(operation.roles());
		Map<String, String> pathValues = new LinkedHashMap<>();
		List<String[]> query = new ArrayList<>();
		for (Param param : operation.params()) {
			if (param.in().equals("path")) {
				pathValues.put(param.name(), String.valueOf(valid(param.name(), param.schema(), 0, true)));
			}
			else if (param.in().equals("query") && (param.required() || random.nextBoolean())) {
				query.add(new String[] { param.name(), String.valueOf(valid(param.name(), param.schema(), 0, true)) });
			}
		}
		Object body = operation.bodySchema() == null ? null : valid("", operation.bodySchema(), 0, false);
		String bodyText = body == null ? null : SignedCalls.JSON.writeValueAsString(body);
		String idempotencyKey = null;
		if (operation.method().equals("POST") && operation.path().equals("/v1/bindings") && random.nextInt(4) == 0) {
			idempotencyKey = "fz-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
		}
		if (random.nextDouble() >= validShare) {
			int bends = 1 + random.nextInt(2);
			for (int i = 0; i < bends; i++) {
				switch (random.nextInt(10)) {
					case 0, 1, 2, 3 -> {
						if (body instanceof Map<?, ?> map && !map.isEmpty()) {
							bodyText = bendBody(cast(body), operation.bodySchema());
						}
						else {
							bodyText = bendText(bodyText);
						}
					}
					case 4 -> bodyText = bendText(bodyText);
					case 5, 6 -> {
						if (!pathValues.isEmpty()) {
							String name = pick(new ArrayList<>(pathValues.keySet()));
							String[] segment = pick(HOSTILE_SEGMENTS);
							pathValues.put(name, segment[1]);
							forget("path " + name);
							mutations.add("path " + name + ": " + segment[0]);
						}
						else {
							bendQuery(query, operation);
						}
					}
					case 7, 8 -> bendQuery(query, operation);
					default -> {
						if (operation.signed()) {
							String other = pick(List.of("PLATFORM", "CARRIER", "REGULATOR", "OPERATOR"));
							role = other;
							if (!operation.roles().contains(other)) {
								mutations.add("role " + other);
							}
						}
						else {
							bodyText = bendText(bodyText);
						}
					}
				}
			}
		}
		String path = operation.path();
		for (Map.Entry<String, String> value : pathValues.entrySet()) {
			path = path.replace("{" + value.getKey() + "}", encodeSegment(value.getValue()));
		}
		StringBuilder queryText = new StringBuilder();
		for (String[] pair : query) {
			queryText.append(queryText.isEmpty() ? "" : "&").append(pair[0]).append('=').append(pair[1]);
		}
		return new Request(operation, path, queryText.toString(), bodyText, role, Set.copyOf(numbers),
				List.copyOf(mutations), idempotencyKey);
	}

	private String bendBody(Map<String, Object> body, Map<String, Object> schema) {
		Map<String, Object> properties = cast(resolve(schema).get("properties"));
		List<String> fields = new ArrayList<>(body.keySet());
		String field = pick(fields);
		switch (random.nextInt(5)) {
			case 0 -> {
				body.remove(field);
				forget("body " + field);
				mutations.add("body without " + field);
			}
			case 1 -> {
				Object wrong = pick(WRONG_TYPES);
				body.put(field, wrong);
				forget("body " + field);
				mutations.add("body " + field + " of type " + wrong.getClass().getSimpleName());
			}
			case 2 -> {
				body.put("unexpected" + random.nextInt(100), "x");
				mutations.add("unknown field");
			}
			default -> {
				String[] text = pick(HOSTILE_TEXT);
				String target = stringField(body, properties);
				if (target == null) {
					body.put(field, text[1]);
					forget("body " + field);
					mutations.add("body " + field + ": " + text[0] + " instead of a value");
				}
				else {
					body.put(target, text[1]);
					forget("body " + target);
					mutations.add("body " + target + ": " + text[0]);
				}
			}
		}
		return SignedCalls.JSON.writeValueAsString(body).replace(LONE_HIGH, "\\ud800").replace(LONE_LOW, "\\udc00");
	}

	private String stringField(Map<String, Object> body, Map<String, Object> properties) {
		List<String> strings = new ArrayList<>();
		body.forEach((name, value) -> {
			// a field the API does not know is ignored unread, whatever it holds: bend
			// the known ones
			if (value instanceof String && properties != null && properties.containsKey(name)) {
				strings.add(name);
			}
		});
		return strings.isEmpty() ? null : pick(strings);
	}

	/**
	 * A later bend of the same field or parameter replaces an earlier one: only what is
	 * sent is reported.
	 */
	private void forget(String target) {
		mutations.removeIf(m -> m.startsWith(target + ":") || m.startsWith(target + " ") || m.equals(target));
		mutations.removeIf(m -> m.equals(target.replaceFirst("^(body|query) ", "$1 without ")));
	}

	private String bendText(String bodyText) {
		String[] broken = pick(BROKEN_BODIES);
		mutations.add("body " + broken[0]);
		return broken[1];
	}

	private void bendQuery(List<String[]> query, Operation operation) {
		switch (random.nextInt(4)) {
			case 0 -> {
				if (!query.isEmpty()) {
					String[] dropped = query.remove(random.nextInt(query.size()));
					forget("query " + dropped[0]);
					mutations.add("query without " + dropped[0]);
					return;
				}
				query.add(new String[] { "unexpected", "x" });
				mutations.add("unknown query parameter");
			}
			case 1 -> {
				if (!query.isEmpty()) {
					String[] twice = pick(query);
					query.add(new String[] { twice[0], twice[1] });
					mutations.add("query " + twice[0] + " given twice");
					return;
				}
				query.add(new String[] { "a", "1" });
				query.add(new String[] { "a", "2" });
				mutations.add("unknown query parameter twice");
			}
			default -> {
				String[] text = pick(HOSTILE_TEXT);
				String name = query.isEmpty() ? "q" : pick(query)[0];
				query.removeIf(pair -> pair[0].equals(name));
				forget("query " + name);
				// a lone surrogate goes on the wire as the three bytes UTF-8 forbids for
				// it
				String value = URLEncoder.encode(text[1], StandardCharsets.UTF_8)
					.replace(URLEncoder.encode(LONE_HIGH, StandardCharsets.UTF_8), "%ED%A0%80")
					.replace(URLEncoder.encode(LONE_LOW, StandardCharsets.UTF_8), "%ED%B0%80");
				query.add(new String[] { name, value });
				mutations.add("query " + name + ": " + text[0]);
			}
		}
	}

	/**
	 * A value of {@code schema} that the rules of the API accept, chosen by the field's
	 * name where it matters.
	 */
	private Object valid(String field, Map<String, Object> schema, int depth, boolean parameter) {
		Map<String, Object> resolved = resolve(schema);
		Supplier<Object> known = known(field, parameter);
		if (known != null) {
			return known.get();
		}
		if (resolved.containsKey("const")) {
			return resolved.get("const");
		}
		if (resolved.get("enum") instanceof List<?> values) {
			return values.get(random.nextInt(values.size()));
		}
		Object type = resolved.get("type");
		if (type instanceof List<?> types) {
			type = types.stream().map(String::valueOf).filter(t -> !"null".equals(t)).findFirst().orElse("string");
		}
		if (type == null && resolved.containsKey("properties")) {
			type = "object";
		}
		switch (String.valueOf(type)) {
			case "object" -> {
				Map<String, Object> out = new LinkedHashMap<>();
				Map<String, Object> properties = cast(resolved.get("properties"));
				List<?> required = resolved.get("required") instanceof List<?> list ? list : List.of();
				if (properties != null && depth < 4) {
					properties.forEach((name, sub) -> {
						if (required.contains(name) || random.nextInt(3) == 0) {
							out.put(name, valid(name, cast(sub), depth + 1, false));
						}
					});
				}
				return out;
			}
			case "array" -> {
				int min = number(resolved.get("minItems"), 0);
				int count = Math.max(min, 1);
				List<Object> out = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					out.add(valid(field, cast(resolved.get("items")), depth + 1, false));
				}
				return out;
			}
			case "integer" -> {
				int min = number(resolved.get("minimum"), 0);
				int max = Math.min(number(resolved.get("maximum"), min + 1000), min + 1000);
				return min + random.nextInt(Math.max(1, max - min + 1));
			}
			case "number" -> {
				return random.nextDouble();
			}
			case "boolean" -> {
				return random.nextBoolean();
			}
			default -> {
				if ("date-time".equals(resolved.get("format"))) {
					return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
				}
				return "fz-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).substring(0, 6);
			}
		}
	}

	/**
	 * Values whose meaning the schema alone does not give: ids that exist, numbers that
	 * parse, times that fit.
	 */
	private Supplier<Object> known(String field, boolean parameter) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return switch (field) {
			case "poolId" -> () -> random.nextInt(4) == 0 ? fresh("fz-pool-") : world.poolId();
			case "platformId" -> () -> parameter ? world.victimPlatformId()
					: random.nextInt(3) == 0 ? world.platformId() : fresh("fz-plat-");
			case "pools" -> () -> List.of(world.poolId());
			case "keyId" -> world::victimKeyId;
			case "bindingId" -> world::bindingId;
			case "partyA", "partyB", "caller", "number", "party" -> this::fixtureNumber;
			case "called", "virtualNumber" -> () -> random.nextInt(4) == 0 ? "700" + digits(12) : world.virtualNumber();
			case "managementNumbers" ->
				() -> List.of(random.nextInt(3) == 0 ? world.managementNumber() : "7009" + digits(7));
			case "numbers" -> () -> List.of("1" + digits(10));
			case "orderId" -> () -> fresh("fz-order-");
			case "callId" -> () -> fresh("fz-call-");
			case "ttlSeconds" -> () -> 3600 + random.nextInt(80_000);
			case "expiresAt" -> () -> now.plus(2 + random.nextInt(20), ChronoUnit.HOURS).toString();
			case "grantedAt" -> () -> now.minusSeconds(10).toString();
			case "at" -> () -> now.minusSeconds(random.nextInt(3600)).toString();
			case "from" -> () -> now.minus(2, ChronoUnit.HOURS).toString();
			case "to" -> () -> now.plusSeconds(60).toString();
			case "reason", "name", "description" -> () -> "fuzz " + fresh("");
			case "reference" -> () -> fresh("consent-");
			case "callbackUrl" -> () -> "http://127.0.0.1:9/fz/" + fresh("");
			case "maxActiveBindings" -> () -> 1 + random.nextInt(10_000);
			case "ratePerSecond" -> () -> 1 + random.nextInt(5000);
			case "maxBindingsPerNumber" -> () -> 1 + random.nextInt(200);
			case "cooldownSeconds" -> () -> random.nextInt(86_400);
			case "durationSeconds" -> () -> random.nextInt(600);
			case "releaseCause" -> () -> 16;
			default -> null;
		};
	}

	private Object fixtureNumber() {
		String number = PhoneFixtures.mobile(fixture++);
		if (fixture >= 399_000) {
			fixture = 300_000;
		}
		numbers.add(number);
		return switch (random.nextInt(3)) {
			case 0 -> PhoneFixtures.e164(number);
			default -> number;
		};
	}

	private String fresh(String prefix) {
		return prefix + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
	}

	private String digits(int count) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < count; i++) {
			out.append((char) ('0' + random.nextInt(10)));
		}
		return out.toString();
	}

	private static String encodeSegment(String value) {
		// a hostile segment arrives already written the way it goes on the wire
		if (value.contains("%") || value.equals("..") || value.startsWith("~") || value.contains(";")) {
			return value;
		}
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private <T> T pick(List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	private List<Operation> readOperations() {
		List<Operation> found = new ArrayList<>();
		Map<String, Object> paths = cast(root.get("paths"));
		new TreeSet<>(paths.keySet()).forEach(path -> {
			Map<String, Object> item = cast(paths.get(path));
			List<Param> shared = params(item.get("parameters"));
			item.forEach((key, value) -> {
				if (!HTTP_METHODS.contains(key)) {
					return;
				}
				Map<String, Object> operation = cast(value);
				List<Param> params = new ArrayList<>(shared);
				params.addAll(params(operation.get("parameters")));
				List<String> roles = new ArrayList<>();
				if (operation.get("x-numshield-roles") instanceof List<?> list) {
					list.forEach(r -> roles.add(String.valueOf(r)));
				}
				Map<String, Object> body = null;
				boolean required = false;
				if (operation.get("requestBody") instanceof Map<?, ?> requestBody) {
					required = Boolean.TRUE.equals(requestBody.get("required"));
					Map<String, Object> content = cast(requestBody.get("content"));
					if (content != null && content.get("application/json") instanceof Map<?, ?> json) {
						body = cast(json.get("schema"));
					}
				}
				found.add(new Operation(key.toUpperCase(), path, String.valueOf(operation.get("x-numshield-service")),
						List.copyOf(roles), List.copyOf(params), body, required));
			});
		});
		return List.copyOf(found);
	}

	private List<Param> params(Object list) {
		List<Param> out = new ArrayList<>();
		if (list instanceof List<?> params) {
			for (Object each : params) {
				Map<String, Object> param = resolve(cast(each));
				out.add(new Param(String.valueOf(param.get("name")), String.valueOf(param.get("in")),
						Boolean.TRUE.equals(param.get("required")), cast(param.get("schema"))));
			}
		}
		return out;
	}

	private Map<String, Object> resolve(Map<String, Object> node) {
		Map<String, Object> current = node == null ? Map.of() : node;
		while (current.get("$ref") instanceof String ref) {
			Object target = root;
			for (String part : ref.substring(2).split("/")) {
				target = ((Map<?, ?>) target).get(part);
			}
			current = cast(target);
		}
		return current;
	}

	private static int number(Object value, int fallback) {
		return value instanceof Number n ? (int) Math.min(Integer.MAX_VALUE / 2, n.longValue()) : fallback;
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

}
