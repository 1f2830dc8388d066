package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;

import java.util.Map;

/**
 * API keys issued through the gateway by the test run's bootstrap operator, as an
 * operator issues them: a key that needs a second operator's approval (OPERATOR and
 * REGULATOR keys) is approved by the second bootstrap operator, so the key answered works
 * at once.
 */
final class IssuedKeys {

	private IssuedKeys() {
	}

	/** Issues the key {@code body} describes ({@code POST /v1/api-keys}). */
	static SignedCalls.Key issue(SignedCalls gw, Map<String, Object> body) {
		SignedCalls.Response created = gw.send(call("POST", "/v1/api-keys", null, body, GatewayITSupport.OPERATOR))
			.expect(201);
		if ("PENDING_APPROVAL".equals(created.text("status"))) {
			gw.send(call("POST", "/v1/api-keys/" + created.text("keyId") + "/approvals", null, null,
					GatewayITSupport.SECOND_OPERATOR))
				.expect(200);
		}
		return new SignedCalls.Key(created.text("keyId"), created.text("secret"));
	}

}
