package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each service behind the gateway as three instances, one of them refusing connections:
 * every request is answered by one of the two that listen, with its whole body, on the
 * MVC path and on the hot path, and both of them get their share.
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
		// the closed instance stays in turn: every request's turn comes to start there
		registry.add("numshield.gateway.proxy.instance-down-for", () -> "0s");
	}

	@AfterAll
	static void stopUpstreams() {
		FIRST.close();
		SECOND.close();
	}

	@Test
	void everyRequestIsAnsweredByAnInstanceThatListensAndBothGetTheirShare() {
		SignedCalls gateway = new SignedCalls("http://127.0.0.1:" + port);
		for (int round = 0; round < 3; round++) {
			// each call signed afresh (a nonce is good once)
			List<SignedCalls.Call> calls = List.of(
					// Gateway MVC's path: a read and a write
					call("GET", "/v1/pools/p-1", null, null, OPERATOR),
					call("POST", "/v1/pools", null, Map.of("poolId", "p-" + round, "numberKind", "SEGMENT_700"),
							OPERATOR),
					// the hot path: a write and a read
					call("POST", "/v1/call-routes", null, Map.of("callId", "c-" + round), OPERATOR),
					call("GET", "/v1/bindings/b-1", null, null, OPERATOR));
			for (SignedCalls.Call each : calls) {
				gateway.send(each).expect(200);
				if (each.body() != null) {
					// sent again after the refusal: the whole body
					assertThat(Stream.of(FIRST.last(), SECOND.last()).filter(Objects::nonNull).map(Upstream.Seen::body))
						.contains(each.body());
				}
			}
		}
		assertThat(FIRST.calls() + SECOND.calls()).isEqualTo(12);
		assertThat(FIRST.calls()).isPositive();
		assertThat(SECOND.calls()).isPositive();
	}

}
