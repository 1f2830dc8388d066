package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.numshield.generated.ApiClient;
import io.numshield.generated.ApiException;
import io.numshield.generated.api.BindingsApi;
import io.numshield.generated.api.CallsApi;
import io.numshield.generated.model.Binding;
import io.numshield.generated.model.CreateBinding;
import io.numshield.generated.model.CreateBindingConsent;
import io.numshield.generated.model.Problem;
import io.numshield.generated.model.RouteAnswer;
import io.numshield.generated.model.RouteRequest;
import io.numshield.testsupport.PhoneFixtures;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client generated from {@code docs/api/openapi.yaml} in this build (the
 * openapi-generator's Java {@code native} library, {@code e2e/pom.xml}; nothing of it is
 * written by hand) binds a number, reads it back and asks a route, through the gateway in
 * front of the three services started from their jars, every request signed by
 * {@link Ns1RequestInterceptor}: that an integrator can generate a working client from
 * the description alone, and that the services' answers read into its typed models.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientIT {

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@Test
	void bindsReadsBackAndRoutesWithTheGeneratedClient() throws Exception {
		SignedCalls gw = new SignedCalls("http://127.0.0.1:" + port);
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);

		// an operator sets up a pool, a platform on it and the two keys (the signed calls
		// every e2e test uses: the generated client here is the platform's and the
		// carrier's)
		String pool = "gen-pool-" + run;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR))
			.expect(201);
		// 7006: a corner of its own (DemoWalkthroughIT 7007, ContractFuzzIT 7008,
		// TenantIsolationIT and SeveralInstancesIT 7009, OpenApiAnswersIT 7005)
		String block = "7006" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		String platform = "gen-platform-" + run;
		gw.send(call("POST", "/v1/platforms", null,
				Map.of("platformId", platform, "name", "Generated", "pools", List.of(pool)), OPERATOR))
			.expect(201);
		SignedCalls.Key platformKey = IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform));
		SignedCalls.Key carrierKey = IssuedKeys.issue(gw, Map.of("role", "CARRIER", "pools", List.of(pool)));
		ApiClient platformClient = client(platformKey);
		BindingsApi bindings = new BindingsApi(platformClient);
		CallsApi calls = new CallsApi(client(carrierKey));

		// the platform binds A and B for 30 minutes, with an Idempotency-Key (a signed
		// header: the interceptor must sign what the generated code sends)
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String order = "GEN-" + run;
		CreateBinding request = new CreateBinding().mode(CreateBinding.ModeEnum.AXB)
			.orderId(order)
			.partyA(a)
			.partyB(b)
			.ttlSeconds(1800)
			.consent(new CreateBindingConsent().reference("gen-consent-" + run)
				.grantedAt(OffsetDateTime.now().minusSeconds(5)));
		Binding bound = bindings.createBinding(request, order + "-bind");
		assertThat(bound.getBindingId()).matches("[0-9]{2}[0-9A-HJKMNP-TV-Z]{14}");
		assertThat(bound.getVirtualNumber()).matches("700[0-9]{12}").startsWith(block);
		assertThat(bound.getStatus()).isEqualTo(Binding.StatusEnum.ACTIVE);
		assertThat(bound.getMode()).isEqualTo(Binding.ModeEnum.AXB);
		assertThat(bound.getDirection()).isEqualTo(Binding.DirectionEnum.BOTH);
		assertThat(bound.getOrderId()).isEqualTo(order);
		// parties come back masked, never in full
		assertThat(bound.getPartyA()).isEqualTo(a.substring(0, 3) + "****" + a.substring(7));
		assertThat(bound.getPartyB()).isEqualTo(b.substring(0, 3) + "****" + b.substring(7));
		assertThat(Duration.between(bound.getCreatedAt(), bound.getExpiresAt())).isBetween(Duration.ofSeconds(1799),
				Duration.ofSeconds(1801));
		assertThat(bound.getReleasedAt()).isNull();

		// the same key and body again: the first binding, not a second number
		assertThat(bindings.createBinding(request, order + "-bind").getBindingId()).isEqualTo(bound.getBindingId());

		// read back: the same binding, field for field
		assertThat(bindings.getBinding(bound.getBindingId())).isEqualTo(bound);
		assertThat(bindings.findBindingsByOrder(order, null, null).getBindings()).extracting(Binding::getBindingId)
			.containsExactly(bound.getBindingId());

		// the carrier asks where A's call to X goes: to B, shown X
		String x = bound.getVirtualNumber();
		RouteAnswer route = calls.routeCall(
				new RouteRequest().callId("gen-call-" + run).caller(a).called(x).type(RouteRequest.TypeEnum.VOICE));
		assertThat(route.getAction()).isEqualTo(RouteAnswer.ActionEnum.CONNECT);
		assertThat(route.getCallId()).isEqualTo("gen-call-" + run);
		assertThat(route.getBindingId()).isEqualTo(bound.getBindingId());
		assertThat(route.getCallee()).isEqualTo("+86" + b);
		assertThat(route.getDisplayNumber()).isEqualTo(x);
		assertThat(route.getRecord()).isFalse();
		assertThat(route.getReason()).isNull();

		// someone who is neither A nor B: a typed REJECT with its reason
		RouteAnswer stranger = calls.routeCall(new RouteRequest().callId("gen-call-" + run + "-other")
			.caller(PhoneFixtures.mobile())
			.called(x)
			.type(RouteRequest.TypeEnum.VOICE));
		assertThat(stranger.getAction()).isEqualTo(RouteAnswer.ActionEnum.REJECT);
		assertThat(stranger.getReason()).isEqualTo(RouteAnswer.ReasonEnum.CALLER_NOT_PARTY);
		assertThat(stranger.getCallee()).isNull();

		// a refusal reaches the generated code as its ApiException, whose body reads into
		// the generated Problem
		ApiException unknown = catchThrowableOfType(ApiException.class,
				() -> bindings.getBinding("00" + "0".repeat(14)));
		assertThat(unknown.getCode()).isEqualTo(404);
		Problem problem = platformClient.getObjectMapper().readValue(unknown.getResponseBody(), Problem.class);
		assertThat(problem.getCode()).isEqualTo(Problem.CodeEnum.BINDING_NOT_FOUND);
		assertThat(problem.getStatus()).isEqualTo(404);

		// the platform releases its binding: 204, then read as RELEASED
		bindings.releaseBinding(bound.getBindingId());
		Binding released = bindings.getBinding(bound.getBindingId());
		assertThat(released.getStatus()).isEqualTo(Binding.StatusEnum.RELEASED);
		assertThat(released.getReleaseReason()).isEqualTo("DELETED");
		assertThat(released.getReleasedAt()).isNotNull();
	}

	/**
	 * A generated client for the gateway, its requests signed with the key. Strict where
	 * the generated default is lenient: a field of an answer that the description does
	 * not name fails the read, so the description cannot fall behind the services.
	 */
	private ApiClient client(SignedCalls.Key key) {
		ObjectMapper strict = ApiClient.createDefaultObjectMapper()
			.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
		ApiClient client = new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)), strict,
				"http://127.0.0.1:" + port);
		client.setReadTimeout(Duration.ofSeconds(30));
		client.setRequestInterceptor(new Ns1RequestInterceptor(key.keyId(), key.secret(), Clock.systemUTC()));
		return client;
	}

	/** A key issued by the bootstrap operator. */

}
