package io.numshield.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The project's API description, {@value #LOCATION}, as tests see it: which operation
 * each service serves ({@code x-numshield-service}), and the problem codes it declares.
 * Each module with controllers compares it with its own {@code @RestController} mappings
 * and with the codes its sources produce, so the description cannot drift from the code:
 * whoever adds, moves or removes an endpoint changes the description in the same commit,
 * or the module's build fails and says what to write where.
 */
public final class OpenApiContract {

	/** Where the description lives, relative to the repository root. */
	public static final String LOCATION = "docs/api/openapi.yaml";

	/** The values {@code x-numshield-service} may take. */
	public static final Set<String> SERVICES = Set.of("binding", "call-routing", "compliance-audit", "gateway");

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}/]+}");

	private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");

	/**
	 * Calls whose UPPER_SNAKE string arguments are problem codes:
	 * {@code new ApiException(status,
	 * "CODE", ...)}, service-support's {@code respond}/{@code write}, the gateway's
	 * {@code refuse}/{@code problem}/{@code json}.
	 */
	public static final Set<String> PROBLEM_CALLS = Set.of("ApiException", "respond", "write", "refuse", "problem",
			"json");

	private static final Pattern CALL = Pattern.compile("\\b(" + String.join("|", PROBLEM_CALLS) + ")\\s*\\(");

	private final Path file;

	private final Map<String, Object> root;

	private final List<Operation> operations;

	private OpenApiContract(Path file) {
		this.file = file;
		try {
			this.root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Operation> found = new ArrayList<>();
		map(root.get("paths")).forEach((path, item) -> map(item).forEach((key, operation) -> {
			if (HTTP_METHODS.contains(key)) {
				Object service = map(operation).get("x-numshield-service");
				found.add(new Operation(key.toUpperCase(), path, service == null ? null : service.toString()));
			}
		}));
		this.operations = List.copyOf(found);
	}

	/**
	 * The description of the repository this test runs in, found by walking up from the
	 * working directory.
	 */
	public static OpenApiContract load() {
		return load(Path.of("").toAbsolutePath());
	}

	/**
	 * The description of the repository that holds {@code start}, found by walking up
	 * from it.
	 */
	public static OpenApiContract load(Path start) {
		for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(LOCATION);
			if (Files.isRegularFile(candidate)) {
				return new OpenApiContract(candidate);
			}
		}
		throw new IllegalStateException("no " + LOCATION + " in " + start.toAbsolutePath() + " or any parent");
	}

	/** The repository root (the directory that holds {@code docs/}). */
	public Path repositoryRoot() {
		return file.getParent().getParent().getParent();
	}

	/**
	 * The whole description as SnakeYAML read it (maps, lists, strings, numbers): what a
	 * fuzzer walks.
	 */
	public Map<String, Object> document() {
		return root;
	}

	/** The {@code openapi} field, e.g. {@code 3.1.0}. */
	public String openapiVersion() {
		return String.valueOf(root.get("openapi"));
	}

	/** Every operation of the description. */
	public List<Operation> operations() {
		return operations;
	}

	/**
	 * The operations the description assigns to one service ({@code binding},
	 * {@code gateway}, ...).
	 */
	public List<Operation> operationsOf(String service) {
		return operations.stream().filter(o -> service.equals(o.service())).toList();
	}

	/** The {@code enum} of {@code components.schemas.Problem.properties.code}. */
	public Set<String> problemCodes() {
		Object codes = map(
				map(map(map(map(root.get("components")).get("schemas")).get("Problem")).get("properties")).get("code"))
			.get("enum");
		Set<String> out = new TreeSet<>();
		if (codes instanceof List<?> list) {
			list.forEach(c -> out.add(String.valueOf(c)));
		}
		return out;
	}

	/**
	 * What is wrong with the description itself, whatever the service: an {@code openapi}
	 * version other than 3.1.x, an operation without a known {@code x-numshield-service},
	 * no code enum.
	 */
	public List<String> formProblems() {
		List<String> problems = new ArrayList<>();
		if (!openapiVersion().matches("3\\.1\\.\\d+")) {
			problems.add(LOCATION + " declares openapi: " + openapiVersion() + "; it must be 3.1.x");
		}
		for (Operation o : operations) {
			if (o.service() == null || !SERVICES.contains(o.service())) {
				problems.add(o.method() + " " + o.path() + " in " + LOCATION + " has x-numshield-service: "
						+ o.service() + "; give it one of " + new TreeSet<>(SERVICES));
			}
		}
		if (problemCodes().isEmpty()) {
			problems.add(LOCATION + " has no components.schemas.Problem.properties.code.enum");
		}
		return problems;
	}

	/**
	 * The differences between what a service's controllers serve and what the description
	 * assigns to that service, one sentence each, saying what to change where. Empty when
	 * they agree. Paths compare with their variables' names ignored
	 * ({@code /v1/pools/{id}} equals {@code /v1/pools/{poolId}}).
	 */
	public List<String> differencesFrom(String service, Collection<Endpoint> served) {
		List<String> differences = new ArrayList<>();
		Map<String, Endpoint> servedByKey = new TreeMap<>();
		served.forEach(e -> servedByKey.put(e.key(), e));
		Map<String, Operation> describedByKey = new TreeMap<>();
		operations.forEach(o -> describedByKey.put(key(o.method(), o.path()), o));
		for (Endpoint e : servedByKey.values()) {
			Operation described = describedByKey.get(e.key());
			if (described == null) {
				differences.add(e.method() + " " + e.path() + " is served by " + service + " (" + e.source()
						+ ") but is not in " + LOCATION + ": add paths.\"" + e.path() + "\"." + e.method().toLowerCase()
						+ " with x-numshield-service: " + service);
			}
			else if (!service.equals(described.service())) {
				differences.add(e.method() + " " + e.path() + " is served by " + service + " (" + e.source() + ") but "
						+ LOCATION + " assigns it to x-numshield-service: " + described.service() + "; make it "
						+ service);
			}
		}
		for (Operation o : operationsOf(service)) {
			if (!servedByKey.containsKey(key(o.method(), o.path()))) {
				differences.add(o.method() + " " + o.path() + " is in " + LOCATION + " with x-numshield-service: "
						+ service + " but no @RestController of " + service
						+ " serves it: remove it from the description, give it "
						+ "the service that serves it, or map it in a controller");
			}
		}
		return differences;
	}

	/**
	 * The problem codes produced somewhere in {@code sources} that the description's code
	 * enum lacks, with where.
	 */
	public List<String> codesMissingFromDescription(Map<String, String> produced) {
		Set<String> declared = problemCodes();
		List<String> missing = new ArrayList<>();
		produced.forEach((code, where) -> {
			if (!declared.contains(code)) {
				missing.add("code " + code + " (produced at " + where + ") is not in the code enum of "
						+ "components.schemas.Problem in " + LOCATION
						+ ": add it, and describe it in docs/api/README.md");
			}
		});
		return missing;
	}

	/**
	 * Every (method, path) mapped by the {@code @RestController} classes in
	 * {@code basePackage} and its sub-packages, from the merged {@code @RequestMapping}
	 * of each method and of its class. A mapping without an HTTP method is reported as
	 * method {@code ANY}, which matches nothing: the description needs the method.
	 */
	public static Set<Endpoint> controllerEndpoints(String basePackage) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		Set<Endpoint> endpoints = new LinkedHashSet<>();
		List<BeanDefinition> candidates = new ArrayList<>(scanner.findCandidateComponents(basePackage));
		candidates.sort(Comparator.comparing(BeanDefinition::getBeanClassName));
		for (BeanDefinition candidate : candidates) {
			Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(),
					ClassUtils.getDefaultClassLoader());
			RequestMapping onClass = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
			String[] prefixes = onClass == null || onClass.path().length == 0 ? new String[] { "" } : onClass.path();
			Method[] methods = controller.getDeclaredMethods();
			java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
			for (Method method : methods) {
				if (method.isSynthetic() || method.isBridge()) {
					continue;
				}
				RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
				if (mapping == null) {
					continue;
				}
				String[] paths = mapping.path().length == 0 ? new String[] { "" } : mapping.path();
				List<String> verbs = mapping.method().length == 0 ? List.of("ANY")
						: Stream.of(mapping.method()).map(Enum::name).toList();
				for (String prefix : prefixes) {
					for (String path : paths) {
						for (String verb : verbs) {
							endpoints.add(new Endpoint(verb, join(prefix, path),
									controller.getSimpleName() + "." + method.getName()));
						}
					}
				}
			}
		}
		return endpoints;
	}

	/**
	 * The problem codes that the Java sources under {@code roots} produce: every
	 * UPPER_SNAKE string literal among the arguments of a call named in
	 * {@link #PROBLEM_CALLS}, comments ignored. Maps each code to the first place it
	 * appears ({@code File.java:line}).
	 */
	public static Map<String, String> problemCodesIn(Path... roots) {
		Map<String, String> codes = new TreeMap<>();
		for (Path root : roots) {
			if (!Files.isDirectory(root)) {
				throw new IllegalArgumentException("no source directory " + root);
			}
			try (Stream<Path> files = Files.walk(root)) {
				for (Path source : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
					collectCodes(source, codes);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return codes;
	}

	private static void collectCodes(Path source, Map<String, String> codes) throws IOException {
		String text = withoutComments(Files.readString(source));
		Matcher call = CALL.matcher(text);
		while (call.find()) {
			int end = closingParenthesis(text, call.end() - 1);
			int i = call.end();
			while (i < end) {
				char c = text.charAt(i);
				if (c == '"') {
					int close = stringEnd(text, i);
					String literal = text.substring(i + 1, close);
					if (CODE.matcher(literal).matches() && literal.length() > 2) {
						codes.putIfAbsent(literal, source.getFileName() + ":" + line(text, i));
					}
					i = close + 1;
				}
				else {
					i++;
				}
			}
		}
	}

	/**
	 * The source with comments blanked (newlines kept, so line numbers stay right),
	 * strings left alone.
	 */
	static String withoutComments(String text) {
		StringBuilder out = new StringBuilder(text.length());
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'') {
				int close = c == '"' ? stringEnd(text, i) : charEnd(text, i);
				out.append(text, i, close + 1);
				i = close + 1;
			}
			else if (text.startsWith("//", i)) {
				int nl = text.indexOf('\n', i);
				i = nl < 0 ? text.length() : nl;
			}
			else if (text.startsWith("/*", i)) {
				int close = text.indexOf("*/", i + 2);
				int stop = close < 0 ? text.length() : close + 2;
				text.substring(i, stop).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
				i = stop;
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	private static int stringEnd(String text, int open) {
		if (text.startsWith("\"\"\"", open)) {
			int close = text.indexOf("\"\"\"", open + 3);
			return close < 0 ? text.length() - 1 : close + 2;
		}
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != '"') {
			i += text.charAt(i) == '\\' ? 2 : 1;
		}
		return Math.min(i, text.length() - 1);
	}

	private static int charEnd(String text, int open) {
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != '\'') {
			i += text.charAt(i) == '\\' ? 2 : 1;
		}
		return Math.min(i, text.length() - 1);
	}

	private static int closingParenthesis(String text, int open) {
		int depth = 0;
		int i = open;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"') {
				i = stringEnd(text, i) + 1;
				continue;
			}
			if (c == '\'') {
				i = charEnd(text, i) + 1;
				continue;
			}
			if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
			i++;
		}
		return text.length();
	}

	private static int line(String text, int index) {
		int line = 1;
		for (int i = 0; i < index; i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

	private static String join(String prefix, String path) {
		String joined = (prefix + (path.isEmpty() || path.startsWith("/") || prefix.isEmpty() ? "" : "/") + path);
		return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
	}

	/** A method and path, variables' names ignored: the identity of an operation. */
	public static String key(String method, String path) {
		String normalised = PATH_VARIABLE.matcher(path).replaceAll("{}");
		if (normalised.length() > 1 && normalised.endsWith("/")) {
			normalised = normalised.substring(0, normalised.length() - 1);
		}
		return method.toUpperCase() + " " + normalised;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		if (node instanceof Map<?, ?> m) {
			Map<String, Object> out = new LinkedHashMap<>();
			((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
			return out;
		}
		return Map.of();
	}

	/**
	 * An operation of the description.
	 *
	 * @param method upper case ({@code GET})
	 * @param path as written in the description ({@code /v1/pools/{poolId}})
	 * @param service its {@code x-numshield-service}, or {@code null} if it has none
	 */
	public record Operation(String method, String path, String service) {
	}

	/**
	 * A (method, path) a controller serves.
	 *
	 * @param method upper case, or {@code ANY} when the mapping names no method
	 * @param path the full path pattern ({@code /v1/api-keys/{keyId}})
	 * @param source the controller method, for messages ({@code PoolController.create})
	 */
	public record Endpoint(String method, String path, String source) {

		public String key() {
			return OpenApiContract.key(method, path);
		}
	}

}
