package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.OpenApiContract;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API as a careless or hostile client meets it (issue 17): every operation of
 * {@code docs/api/openapi.yaml}, with requests generated from its schemas and then bent
 * (see {@link FuzzRequests}), signed through the gateway and, for the services'
 * operations, sent straight to the service with an internal token. For every answer: no
 * 5xx; every refusal an RFC 9457 problem document with a code of the description; no
 * fixture number of the request in a refusal (nor in a PLATFORM's or OPERATOR's answer,
 * which show numbers masked); text the rules forbid (control characters, lone surrogates,
 * over-long values) never accepted; and after every refusal, Redis and every database
 * exactly as before. Afterwards every service is healthy.
 * <p>
 * {@code make test} runs {@value #DEFAULT_REQUESTS} requests with seed
 * {@value #DEFAULT_SEED}. Longer, with a random seed (printed, so a finding can be
 * replayed):
 * {@code NUMSHIELD_FUZZ_REQUESTS=5000 NUMSHIELD_FUZZ_SEED=random scripts/fuzz.sh}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractFuzzIT {

	static final int DEFAULT_REQUESTS = 400;

	static final long DEFAULT_SEED = 20261129L;

	/**
	 * Mutations whose text the rules refuse wherever it appears: a 2xx for one of them is
	 * a finding.
	 */
	private static final Set<String> FORBIDDEN_TEXT = Set.of("NUL", "C0 control", "line break", "DEL", "C1 control",
			"lone high surrogate", "lone low surrogate", "5000 characters", "percent NUL", "percent line break",
			"percent DEL", "lone surrogate as UTF-8", "invalid UTF-8");

	private static final SignedCalls.Key BOOTSTRAP = GatewayITSupport.OPERATOR;

	@LocalServerPort
	int port;

	@Autowired
	RedissonClient redisson;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, BOOTSTRAP);
	}

	@Test
	void badInputIsAlwaysAProblemDocumentAndChangesNothing() throws Exception {
		String seedSetting = setting("NUMSHIELD_FUZZ_SEED", Long.toString(DEFAULT_SEED));
		long seed = seedSetting.equals("random") ? System.nanoTime() : Long.parseLong(seedSetting);
		int count = Integer.parseInt(setting("NUMSHIELD_FUZZ_REQUESTS", Integer.toString(DEFAULT_REQUESTS)));
		SplittableRandom random = new SplittableRandom(seed);

		SignedCalls gateway = new SignedCalls("http://127.0.0.1:" + port);
		FuzzWorld world = FuzzWorld.create(gateway, BOOTSTRAP, GatewayITSupport.SECOND_OPERATOR, random);
		ServiceProcesses services = ServiceProcesses.get();
		TestInfrastructure infra = TestInfrastructure.get();
		FuzzRequests requests = new FuzzRequests(OpenApiContract.load(), random, world);
		Set<String> codes = OpenApiContract.load().problemCodes();
		List<String> databases = List.of(infra.jdbcUrl(), services.jdbcUrl("_svc"));
		String audit = services.jdbcUrl("_aud");

		List<String> findings = new ArrayList<>();
		Map<String, Integer> byStatus = new TreeMap<>();
		Map<String, Integer> byCode = new TreeMap<>();
		int refusals = 0;
		int bentAccepted = 0;
		int direct = 0;
		List<FuzzRequests.Operation> cycle = new ArrayList<>(requests.operations());
		try (StateSnapshot.Reader snapshots = StateSnapshot.reader(redisson, infra.keyPrefix(), databases, audit,
				infra.user(), infra.password())) {
			StateSnapshot before = snapshots.take();
			for (int i = 0; i < count; i++) {
				if (i % cycle.size() == 0) {
					Collections.shuffle(cycle, new java.util.Random(random.nextLong()));
				}
				FuzzRequests.Operation operation = cycle.get(i % cycle.size());
				FuzzRequests.Request request = requests.next(operation, 0.25);
				boolean toService = operation.signed() && !operation.service().equals("gateway")
						&& random.nextInt(3) == 0;
				SignedCalls.Response response;
				try {
					response = toService ? direct(services, request, world) : throughGateway(gateway, request, world);
				}
				catch (IllegalArgumentException unsendable) {
					continue; // a URI the HTTP client itself will not send
				}
				direct += toService ? 1 : 0;
				String where = (toService ? "direct to " + operation.service() : "through the gateway") + ": "
						+ request.describe() + " -> " + response.status() + " " + abbreviate(response.body());
				byStatus.merge(operation.name() + " " + response.status(), 1, Integer::sum);
				if (response.status() >= 500) {
					findings.add("5xx " + where);
				}
				if (response.status() >= 400) {
					refusals++;
					byCode.merge(String.valueOf(response.code()), 1, Integer::sum);
					if (!response.contentType().startsWith("application/problem+json") || response.json() == null) {
						findings.add("not a problem document " + where);
					}
					else if (!codes.contains(response.code()) || response.json().get("status") == null
							|| response.json().get("status").asInt() != response.status()) {
						findings.add("problem without a contract code or with the wrong status " + where);
					}
				}
				if (response.status() >= 400 || Set.of("PLATFORM", "OPERATOR").contains(request.role())) {
					for (String number : request.numbers()) {
						for (String form : PhoneFixtures.forms(number)) {
							if (response.body().contains(form)) {
								findings.add("full number echoed " + where);
							}
						}
					}
				}
				if (response.status() < 400 && !request.valid()) {
					bentAccepted++;
					if (request.mutations().stream().anyMatch(m -> FORBIDDEN_TEXT.stream().anyMatch(m::endsWith))) {
						findings.add("forbidden text accepted " + where);
					}
				}
				// compared with the state after the previous request: nothing else writes
				// what is compared
				StateSnapshot after = snapshots.take();
				if (response.status() >= 400) {
					List<String> changed = after.differencesFrom(before);
					if (!changed.isEmpty()) {
						findings.add("refusal changed " + changed + " " + where);
					}
				}
				before = after;
			}
		}

		for (String service : List.of("binding-service", "call-routing-service", "compliance-audit-service")) {
			SignedCalls.Response health = new SignedCalls(services.url(service)).raw("GET", "/actuator/health", null,
					null, null);
			if (health.status() != 200 || !health.body().contains("\"UP\"")) {
				findings.add(service + " is not healthy after the run: " + health.status() + " " + health.body());
			}
		}
		SignedCalls.Response ready = gateway.raw("GET", "/readyz", null, null, null);
		if (ready.status() != 200) {
			findings.add("the gateway is not ready after the run: " + ready.status() + " " + ready.body());
		}

		String report = "contract fuzz: seed " + seed + ", " + count + " requests (" + direct
				+ " direct to a service), " + refusals + " refusals, " + bentAccepted + " bent requests accepted, "
				+ findings.size() + " findings\n" + "codes: " + byCode + "\n" + "answers: " + byStatus + "\n"
				+ String.join("\n", findings) + "\n";
		Path reportFile = Path.of("target", "contract-fuzz-report.txt");
		Files.createDirectories(reportFile.getParent());
		Files.writeString(reportFile, report);
		System.out.println(report);
		assertThat(findings)
			.as("findings of seed %d (replay with NUMSHIELD_FUZZ_SEED=%d); report in %s", seed, seed,
					reportFile.toAbsolutePath())
			.isEmpty();
	}

	private SignedCalls.Response throughGateway(SignedCalls gateway, FuzzRequests.Request request, FuzzWorld world) {
		if (!request.operation().signed()) {
			return gateway.raw(request.operation().method(), request.path(), request.query(), request.body(), null);
		}
		String[] headers = request.idempotencyKey() == null ? new String[0]
				: new String[] { "Idempotency-Key", request.idempotencyKey() };
		SignedCalls.Call call = new SignedCalls.Call(request.operation().method(), request.path(), request.query(),
				request.body(), world.key(request.role()), Instant.now().getEpochSecond(),
				io.numshield.client.Ns1Signature.nonce(), headers);
		return gateway.send(call);
	}

	private SignedCalls.Response direct(ServiceProcesses services, FuzzRequests.Request request, FuzzWorld world) {
		String service = request.operation().service() + "-service";
		Audience audience = switch (request.operation().service()) {
			case "binding" -> Audience.BINDING;
			case "call-routing" -> Audience.ROUTING;
			default -> Audience.AUDIT;
		};
		Role role = Role.valueOf(request.role());
		String token = TestInfrastructure.get()
			.mintToken(audience, world.key(request.role()).keyId(), role, world.platformId(), world.poolId());
		List<String> headers = new ArrayList<>();
		if (request.idempotencyKey() != null) {
			headers.add("Idempotency-Key");
			headers.add(request.idempotencyKey());
		}
		return new SignedCalls(services.url(service)).raw(request.operation().method(), request.path(), request.query(),
				request.body(), "Bearer " + token, headers.toArray(String[]::new));
	}

	private static String setting(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? System.getProperty(name, fallback) : value;
	}

	private static String abbreviate(String body) {
		return body.length() > 400 ? body.substring(0, 400) + "..." : body;
	}

	/** The pool, platforms, keys and bindings the fuzzer's valid requests refer to. */
	static final class FuzzWorld implements FuzzRequests.World {

		private final Map<String, SignedCalls.Key> keys = new HashMap<>();

		private final List<String> bindingIds = new ArrayList<>();

		private final List<String> virtualNumbers = new ArrayList<>();

		private final SplittableRandom random;

		private String pool;

		private String platform;

		private String victimPlatform;

		private String victimKey;

		private String block;

		private FuzzWorld(SplittableRandom random) {
			this.random = random;
		}

		static FuzzWorld create(SignedCalls gateway, SignedCalls.Key operator, SignedCalls.Key secondOperator,
				SplittableRandom random) {
			FuzzWorld world = new FuzzWorld(random);
			String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
			world.pool = "fz-pool-" + run;
			world.platform = "fz-platform-" + run;
			world.victimPlatform = "fz-victim-" + run;
			world.block = "7008" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
			gateway
				.send(call("POST", "/v1/pools", null, Map.of("poolId", world.pool, "numberKind", "SEGMENT_700"),
						operator))
				.expect(201);
			gateway
				.send(call("POST", "/v1/pools/" + world.pool + "/blocks", null,
						Map.of("managementNumbers", List.of(world.block)), operator))
				.expect(201);
			for (String p : List.of(world.platform, world.victimPlatform)) {
				gateway
					.send(call("POST", "/v1/platforms", null,
							Map.of("platformId", p, "name", "Fuzz", "pools", List.of(world.pool)), operator))
					.expect(201);
			}
			world.keys.put("PLATFORM", issue(gateway, operator, secondOperator, "PLATFORM", world.platform, null));
			world.keys.put("CARRIER", issue(gateway, operator, secondOperator, "CARRIER", null, world.pool));
			world.keys.put("REGULATOR", issue(gateway, operator, secondOperator, "REGULATOR", null, null));
			world.keys.put("OPERATOR", issue(gateway, operator, secondOperator, "OPERATOR", null, null));
			world.victimKey = issue(gateway, operator, secondOperator, "PLATFORM", world.victimPlatform, null).keyId();
			for (int i = 0; i < 3; i++) {
				SignedCalls.Response bound = gateway
					.send(call("POST", "/v1/bindings", null,
							Map.of("mode", "AXB", "orderId", "fz-setup-" + i, "partyA", PhoneFixtures.mobile(),
									"partyB", PhoneFixtures.mobile(), "ttlSeconds", 86_400, "consent",
									Map.of("reference", "fz-consent", "grantedAt",
											Instant.now().minusSeconds(5).toString())),
							world.keys.get("PLATFORM")))
					.expect(201);
				world.bindingIds.add(bound.text("bindingId"));
				world.virtualNumbers.add(bound.text("virtualNumber"));
			}
			return world;
		}

		private static SignedCalls.Key issue(SignedCalls gateway, SignedCalls.Key operator, SignedCalls.Key second,
				String role, String platformId, String pool) {
			Map<String, Object> body = new HashMap<>(Map.of("role", role, "description", "fuzz"));
			if (platformId != null) {
				body.put("platformId", platformId);
			}
			if (pool != null) {
				body.put("pools", List.of(pool));
			}
			SignedCalls.Response created = gateway.send(call("POST", "/v1/api-keys", null, body, operator)).expect(201);
			if ("PENDING_APPROVAL".equals(created.text("status"))) {
				gateway.send(call("POST", "/v1/api-keys/" + created.text("keyId") + "/approvals", null, null, second))
					.expect(200);
			}
			return new SignedCalls.Key(created.text("keyId"), created.text("secret"));
		}

		SignedCalls.Key key(String role) {
			SignedCalls.Key key = keys.get(role);
			if (key == null) {
				throw new IllegalStateException("no key for role " + role);
			}
			return key;
		}

		@Override
		public String poolId() {
			return pool;
		}

		@Override
		public String platformId() {
			return platform;
		}

		@Override
		public String victimPlatformId() {
			return victimPlatform;
		}

		@Override
		public String victimKeyId() {
			return victimKey;
		}

		@Override
		public String bindingId() {
			return bindingIds.get(random.nextInt(bindingIds.size()));
		}

		@Override
		public String virtualNumber() {
			return virtualNumbers.get(random.nextInt(virtualNumbers.size()));
		}

		@Override
		public String managementNumber() {
			return block;
		}

	}

}
