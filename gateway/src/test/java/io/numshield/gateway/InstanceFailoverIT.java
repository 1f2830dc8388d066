package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each service behind the gateway as three instances, one of them refusing connections: every
 * request is answered by one of the two that listen, on the MVC path and on the hot path, and both
 * of them get their share.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InstanceFailoverIT {

	static final SignedCalls.Key OPERATOR = new SignedCalls.Key("ok_failover_" + Long.toString(System.nanoTime(), 36),
			Ns1Signature.nonce());

	static final Upstream FIRST = new Upstream();

	static final Upstream SECOND = new Upstream();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		GatewayITSupport.registerServices(registry, OPERATOR,
				GatewayITSupport.nobody() + "," + FIRST.url() + "," + SECOND.url());
	}

	@AfterAll
	static void stopUpstreams() {
		FIRST.close();
		SECOND.close();
	}

	@Test
	void everyRequestIsAnsweredByAnInstanceThatListensAndBothGetTheirShare() {
		SignedCalls gateway = new SignedCalls("http://127.0.0.1:" + port);
		for (int round = 0; round < 6; round++) {
			// each call signed afresh (a nonce is good once)
			List<SignedCalls.Call> calls = List.of(
					// Gateway MVC's path: a read and a write
					call("GET", "/v1/pools/p-1", null, null, OPERATOR),
					call("POST", "/v1/pools", null, Map.of("poolId", "p-1", "numberKind", "SEGMENT_700"), OPERATOR),
					// the hot path: a write and a read
					call("POST", "/v1/call-routes", null, Map.of("callId", "c-1"), OPERATOR),
					call("GET", "/v1/bindings/b-1", null, null, OPERATOR));
			for (SignedCalls.Call each : calls) {
				gateway.send(each).expect(200);
			}
		}
		assertThat(FIRST.calls() + SECOND.calls()).isEqualTo(24);
		assertThat(FIRST.calls()).isPositive();
		assertThat(SECOND.calls()).isPositive();
	}
}
