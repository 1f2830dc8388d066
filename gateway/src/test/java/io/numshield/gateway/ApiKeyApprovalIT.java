package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Separated duties: no single operator can make an OPERATOR or REGULATOR key. Such a key
 * is issued PENDING_APPROVAL, unusable, until a second operator approves it; every issue,
 * approval and revocation is an entry on the audit stream, with who did it and without
 * the secret.
 */
class ApiKeyApprovalIT extends GatewayITSupport {

	@Autowired
	RedissonClient redisson;

	@Autowired
	RedisKeys keys;

	@Test
	void aRegulatorKeyIsUsableOnlyAfterASecondOperatorApprovesIt() {
		SignedCalls.Response issued = gateway()
			.send(call("POST", "/v1/api-keys", null, Map.of("role", "REGULATOR", "description", "case desk"), OPERATOR))
			.expect(201);
		assertThat(issued.text("status")).isEqualTo("PENDING_APPROVAL");
		assertThat(issued.text("secret")).isNotBlank();
		assertThat(issued.text("issuedBy")).isEqualTo(OPERATOR.keyId());
		assertThat(issued.text("pendingUntil")).isNotBlank();
		SignedCalls.Key regulator = new SignedCalls.Key(issued.text("keyId"), issued.text("secret"));
		String approvals = "/v1/api-keys/" + regulator.keyId() + "/approvals";

		// pending: unusable at the edge
		expectProblem(gateway().send(call("GET", "/v1/audit/verify", null, null, regulator)), 401, "UNAUTHENTICATED");
		// the issuer cannot approve its own request, however often it tries
		expectProblem(gateway().send(call("POST", approvals, null, null, OPERATOR)), 403, "FORBIDDEN");
		SignedCalls.Response again = gateway().send(call("POST", approvals, null, null, OPERATOR));
		expectProblem(again, 403, "FORBIDDEN");
		assertThat(again.text("detail")).contains("second operator");
		// nor can anyone who is not an operator
		SignedCalls.Key platform = issue("PLATFORM", "plat-approval", null);
		expectProblem(gateway().send(call("POST", approvals, null, null, platform)), 403, "FORBIDDEN");
		expectProblem(gateway().send(call("GET", "/v1/audit/verify", null, null, regulator)), 401, "UNAUTHENTICATED");

		SignedCalls.Response approved = gateway().send(call("POST", approvals, null, null, SECOND_OPERATOR))
			.expect(200);
		assertThat(approved.text("status")).isEqualTo("ACTIVE");
		assertThat(approved.text("approvedBy")).isEqualTo(SECOND_OPERATOR.keyId());
		assertThat(approved.text("issuedBy")).isEqualTo(OPERATOR.keyId());
		assertThat(approved.body()).doesNotContain(regulator.secret()).doesNotContain("secret");
		gateway().send(call("GET", "/v1/audit/verify", null, null, regulator)).expect(200);

		// approving a key that is not pending
		SignedCalls.Response twice = gateway().send(call("POST", approvals, null, null, SECOND_OPERATOR));
		expectProblem(twice, 409, "KEY_NOT_PENDING");
		assertThat(twice.text("detail")).contains("ACTIVE");
		expectProblem(
				gateway()
					.send(call("POST", "/v1/api-keys/" + platform.keyId() + "/approvals", null, null, SECOND_OPERATOR)),
				409, "KEY_NOT_PENDING");
		expectProblem(
				gateway().send(call("POST", "/v1/api-keys/rk_never_issued/approvals", null, null, SECOND_OPERATOR)),
				404, "NOT_FOUND");
	}

	@Test
	void anOperatorKeyNeedsASecondOperatorAndPlatformAndCarrierKeysDoNot() {
		SignedCalls.Response operator = gateway()
			.send(call("POST", "/v1/api-keys", null, Map.of("role", "OPERATOR"), SECOND_OPERATOR))
			.expect(201);
		assertThat(operator.text("status")).isEqualTo("PENDING_APPROVAL");
		SignedCalls.Key third = new SignedCalls.Key(operator.text("keyId"), operator.text("secret"));
		expectProblem(
				gateway()
					.send(call("POST", "/v1/api-keys/" + third.keyId() + "/approvals", null, null, SECOND_OPERATOR)),
				403, "FORBIDDEN");
		gateway().send(call("POST", "/v1/api-keys/" + third.keyId() + "/approvals", null, null, OPERATOR)).expect(200);
		gateway().send(call("GET", "/v1/api-keys", null, null, third)).expect(200);

		for (String role : List.of("PLATFORM", "CARRIER")) {
			Map<String, Object> body = role.equals("PLATFORM") ? Map.of("role", role, "platformId", "plat-direct")
					: Map.of("role", role, "pools", List.of(CARRIER_POOL));
			SignedCalls.Response direct = gateway().send(call("POST", "/v1/api-keys", null, body, OPERATOR))
				.expect(201);
			assertThat(direct.text("status")).isEqualTo("ACTIVE");
			assertThat(direct.text("pendingUntil")).isNull();
		}
	}

	@Test
	void aKeyNotApprovedInTimeExpiresAndCanNoLongerBeApproved() throws Exception {
		SignedCalls.Response issued = gateway()
			.send(call("POST", "/v1/api-keys", null, Map.of("role", "REGULATOR"), OPERATOR))
			.expect(201);
		String keyId = issued.text("keyId");
		// the approval window (numshield.gateway.pending-approval, 24 h) has passed
		try (Connection c = TestInfrastructure.get().connect();
				PreparedStatement s = c.prepareStatement(
						"UPDATE api_key SET pending_until = now() - interval '1 second' WHERE key_id = ?")) {
			s.setString(1, keyId);
			assertThat(s.executeUpdate()).isEqualTo(1);
		}
		SignedCalls.Response late = gateway()
			.send(call("POST", "/v1/api-keys/" + keyId + "/approvals", null, null, SECOND_OPERATOR));
		expectProblem(late, 409, "KEY_NOT_PENDING");
		assertThat(late.text("detail")).contains("EXPIRED");
		assertThat(gateway().send(call("GET", "/v1/api-keys", null, null, OPERATOR)).expect(200).body())
			.contains("\"keyId\":\"" + keyId + "\"");
		expectProblem(
				gateway().send(
						call("GET", "/v1/audit/verify", null, null, new SignedCalls.Key(keyId, issued.text("secret")))),
				401, "UNAUTHENTICATED");
	}

	@Test
	void issueApproveAndRevokeAreThreeEntriesOnTheAuditStream() {
		// a reader of our own on every stream keeps the entries from the trimmer of an
		// audit service that may be running (TenantIsolationIT starts one on the same
		// Redis prefix)
		try (Reader reader = new Reader()) {
			SignedCalls.Response issued = gateway()
				.send(call("POST", "/v1/api-keys", null, Map.of("role", "REGULATOR"), OPERATOR))
				.expect(201);
			String keyId = issued.text("keyId");
			String secret = issued.text("secret");
			gateway().send(call("POST", "/v1/api-keys/" + keyId + "/approvals", null, null, SECOND_OPERATOR))
				.expect(200);
			gateway().send(call("DELETE", "/v1/api-keys/" + keyId, null, null, SECOND_OPERATOR)).expect(204);
			gateway().send(call("DELETE", "/v1/api-keys/" + keyId, null, null, OPERATOR)).expect(204); // no
																										// second
																										// entry

			List<Map<String, String>> entries = entriesOf(keyId);
			assertThat(entries).extracting(e -> e.get("type"))
				.containsExactly("API_KEY_ISSUED", "API_KEY_APPROVED", "API_KEY_REVOKED");
			assertThat(entries).extracting(e -> e.get("by"))
				.containsExactly(OPERATOR.keyId(), SECOND_OPERATOR.keyId(), SECOND_OPERATOR.keyId());
			assertThat(entries).extracting(e -> e.get("status"))
				.containsExactly("PENDING_APPROVAL", "ACTIVE", "REVOKED");
			assertThat(entries).extracting(e -> e.get("eventId"))
				.containsExactly("apikey:" + keyId + ":issued", "apikey:" + keyId + ":approved",
						"apikey:" + keyId + ":revoked");
			assertThat(entries).allSatisfy(e -> {
				assertThat(e).containsEntry("v", "1")
					.containsEntry("role", "REGULATOR")
					.containsEntry("platformId", "")
					.containsKey("occurredAt");
				assertThat(e.toString()).doesNotContain(secret);
			});

			// a PLATFORM key names its platform
			SignedCalls.Key platform = issue("PLATFORM", "plat-ledger", null);
			assertThat(entriesOf(platform.keyId())).singleElement()
				.satisfies(e -> assertThat(e).containsEntry("type", "API_KEY_ISSUED")
					.containsEntry("platformId", "plat-ledger")
					.containsEntry("status", "ACTIVE")
					.containsEntry("by", OPERATOR.keyId()));
		}
	}

	/**
	 * A consumer group of its own on every lease stream, from now on: nothing it has not
	 * read is trimmed.
	 */
	private final class Reader implements AutoCloseable {

		private final String group = "apikey-it-" + UUID.randomUUID();

		Reader() {
			for (VirtualShard shard : VirtualShard.all()) {
				redisson.getStream(keys.events(shard), StringCodec.INSTANCE)
					.createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.NEWEST).makeStream());
			}
		}

		@Override
		public void close() {
			for (VirtualShard shard : VirtualShard.all()) {
				redisson.getStream(keys.events(shard), StringCodec.INSTANCE).removeGroup(group);
			}
		}

	}

	private List<Map<String, String>> entriesOf(String keyId) {
		return redisson.<String, String>getStream(keys.events(VirtualShard.forKey(keyId)), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> keyId.equals(e.get("keyId")))
			.toList();
	}

}
