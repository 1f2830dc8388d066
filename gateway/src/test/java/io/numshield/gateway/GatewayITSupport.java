package io.numshield.gateway;

import io.numshield.client.Ns1Signature;
import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway on a random port, against the PostgreSQL and Redis that
 * {@link TestInfrastructure} chose, with every service replaced by one {@link Upstream}
 * that records what it was sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayITSupport {

	static final Upstream UPSTREAM = new Upstream();

	static final SignedCalls.Key OPERATOR = new SignedCalls.Key("ok_bootstrap_" + Long.toString(System.nanoTime(), 36),
			Ns1Signature.nonce());

	/** The pool the CARRIER keys of these tests serve. */
	static final String CARRIER_POOL = "gw-pool";

	/**
	 * The second bootstrap operator: approves the OPERATOR and REGULATOR keys that
	 * {@link #OPERATOR} issues.
	 */
	static final SignedCalls.Key SECOND_OPERATOR = new SignedCalls.Key(
			"ok_second_" + Long.toString(System.nanoTime(), 36), Ns1Signature.nonce());

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registerGateway(registry);
		registry.add("numshield.gateway.bootstrap-operator-key", () -> OPERATOR.keyId() + ":" + OPERATOR.secret() + ","
				+ SECOND_OPERATOR.keyId() + ":" + SECOND_OPERATOR.secret());
		registry.add("numshield.gateway.services.binding", UPSTREAM::url);
		registry.add("numshield.gateway.services.call-routing", UPSTREAM::url);
		registry.add("numshield.gateway.services.compliance-audit", UPSTREAM::url);
		registry.add("numshield.gateway.max-body-size", () -> "8KB");

	}

	/**
	 * What every gateway test context needs besides its services: the run's database,
	 * Redis and keys, the gateway's token signing key, and a random management port (the
	 * default 8090 is make run's).
	 */
	static void registerGateway(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.token.signing-key", () -> TestInfrastructure.get().tokenSigningKey().toString());
		registry.add("management.server.port", () -> "0");
	}

	/**
	 * A base URL where nothing listens: a port that was free a moment ago, so that
	 * connections to it are refused.
	 */
	static String nobody() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A gateway test context with one bootstrap operator key and every service behind
	 * {@code services} (base URLs, comma-separated: the instances of each service).
	 */
	static void registerServices(DynamicPropertyRegistry registry, SignedCalls.Key operator, String services) {
		registerGateway(registry);
		registry.add("numshield.gateway.bootstrap-operator-key", () -> operator.keyId() + ":" + operator.secret());
		registry.add("numshield.gateway.services.binding", () -> services);
		registry.add("numshield.gateway.services.call-routing", () -> services);
		registry.add("numshield.gateway.services.compliance-audit", () -> services);
	}

	SignedCalls gateway() {
		return new SignedCalls("http://127.0.0.1:" + port);
	}

	/**
	 * A new key of this role, issued through the gateway by the bootstrap operator key;
	 * an OPERATOR or REGULATOR key approved by the second one, so that it is usable.
	 */
	SignedCalls.Key issue(String role, String platformId, Integer ratePerSecond) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("role", role, "description", "test"));
		if (platformId != null) {
			body.put("platformId", platformId);
		}
		if (role.equals("CARRIER")) {
			body.put("pools", java.util.List.of(CARRIER_POOL));
		}
		if (ratePerSecond != null) {
			body.put("ratePerSecond", ratePerSecond);
		}
		SignedCalls.Response created = gateway().send(SignedCalls.call("POST", "/v1/api-keys", null, body, OPERATOR))
			.expect(201);
		if ("PENDING_APPROVAL".equals(created.text("status"))) {
			gateway()
				.send(SignedCalls.call("POST", "/v1/api-keys/" + created.text("keyId") + "/approvals", null, null,
						SECOND_OPERATOR))
				.expect(200);
		}
		return new SignedCalls.Key(created.text("keyId"), created.text("secret"));
	}

	/**
	 * A GET written by hand on a socket: the request line exactly as given (a client
	 * library would encode or refuse it), the whole answer as text.
	 */
	String rawGet(String target, String authorization) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + "Authorization: "
						+ authorization + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
