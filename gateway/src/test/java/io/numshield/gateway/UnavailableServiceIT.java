package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;

import io.numshield.client.Ns1Signature;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that does not answer: the gateway says so as a problem document, 503
 * SERVICE_UNAVAILABLE.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnavailableServiceIT {

	static final SignedCalls.Key OPERATOR = new SignedCalls.Key("ok_down_" + Long.toString(System.nanoTime(), 36),
			Ns1Signature.nonce());

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		GatewayITSupport.registerServices(registry, OPERATOR, GatewayITSupport.nobody());
	}

	@Test
	void answersServiceUnavailableWhenTheServiceIsDown() {
		SignedCalls gateway = new SignedCalls("http://127.0.0.1:" + port);
		expectProblem(gateway.send(call("GET", "/v1/pools/p-1", null, null, OPERATOR)), 503, "SERVICE_UNAVAILABLE");
		expectProblem(gateway.send(call("GET", "/v1/audit/verify", "from=2026-01-01T00:00:00Z", null, OPERATOR)), 503,
				"SERVICE_UNAVAILABLE");
		// the hot path's asynchronous client says the same
		expectProblem(gateway.send(call("POST", "/v1/call-routes", null, java.util.Map.of("callId", "c-1"), OPERATOR)),
				503, "SERVICE_UNAVAILABLE");
		expectProblem(gateway.send(call("GET", "/v1/bindings/b-1", null, null, OPERATOR)), 503, "SERVICE_UNAVAILABLE");
	}

}
