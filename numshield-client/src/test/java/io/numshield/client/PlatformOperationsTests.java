package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.client.FakeGateway.Received;
import io.numshield.client.FakeGateway.Reply;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed methods of issue 15's platform operations (batch binds, AXG and groups,
 * region and industrial identifier, inventory, the look-up by virtual number, the
 * platform's own blocklist, real-name reports): what each sends, as a real HTTP server on
 * loopback receives it (method, raw path and query, body, a signature the gateway would
 * accept), and how it reads the answer. The numbers are test-support's fixtures
 * ({@code PhoneFixtures}), written out as in {@link NumShieldClientTests}.
 */
class PlatformOperationsTests {

	private static final String KEY_ID = "pk_0123456789abcdef0123";

	private static final String SECRET = "s3cr3t-of-the-key_with-some-length";

	/** PhoneFixtures.mobile(101), mobile(100102), mobile(200103). */
	private static final String A = "13800000101";

	private static final String B = "13900000102";

	private static final String C = "13700000103";

	private static final String X = "700123450001234";

	private static final String GROUP_ID = "07gr_0123456789abcdef";

	private static final Instant AT = Instant.parse("2026-11-30T09:59:00Z");

	private static final BindRequest.Consent CONSENT = new BindRequest.Consent("consent-1", AT);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BINDING_VIEW = """
			{"bindingId":"07ABCDEFGHJKMNPQ","mode":"AXB","orderId":"ORD-1","virtualNumber":"700123450001234",
			 "partyA":"138****0101","partyB":"139****0102","direction":"BOTH","recording":false,
			 "createdAt":"2026-11-30T10:00:00Z","expiresAt":"2026-11-30T10:30:00Z","status":"ACTIVE"}""";

	private static final String GROUP_VIEW = """
			{"groupId":"07gr_0123456789abcdef","orderId":"ORD-1","members":["139****0102","137****0103"],
			 "aCallsLastMember":false,"createdAt":"2026-11-30T10:00:00Z"}""";

	private FakeGateway gateway;

	private NumShieldClient client;

	@BeforeEach
	void start() throws IOException {
		gateway = new FakeGateway();
		client = NumShieldClient.create(gateway.uri(), KEY_ID + ":" + SECRET);
	}

	@AfterEach
	void stop() {
		gateway.close();
	}

	@Test
	void aBatchSendsItsItemsAndAnswersEachItemsBindingOrProblem() {
		gateway.then(Reply.json(200,
				"{\"created\":1,\"failed\":1,\"results\":[{\"index\":0,\"status\":201,\"binding\":" + BINDING_VIEW
						+ "},{\"index\":1,\"status\":409,\"problem\":{\"type\":"
						+ "\"https://numshield.io/problems/no-available-number\",\"title\":\"No available number\","
						+ "\"status\":409,\"detail\":\"no number of 440300 (STRICT)\",\"code\":\"NO_AVAILABLE_NUMBER\","
						+ "\"region\":\"440300\",\"regionPolicy\":\"STRICT\"}}]}"));

		BatchBindings batch = client.bindBatch(List.of(BindRequest.axb("ORD-1", A, B, 1800, CONSENT),
				BindRequest.axn("ORD-2", C, 600, CONSENT).withRegion("440300", "STRICT")), "ORD-1-batch");

		Received sent = only(gateway.requests());
		assertThat(sent.method()).isEqualTo("POST");
		assertThat(sent.rawPath()).isEqualTo("/v1/bindings:batch");
		assertThat(sent.header("Idempotency-Key")).isEqualTo("ORD-1-batch");
		assertThat(sent.signedWith(KEY_ID, SECRET)).isTrue();
		JsonNode items = JSON.readTree(sent.text()).get("bindings");
		assertThat(items).hasSize(2);
		assertThat(items.get(0).propertyNames()).containsExactlyInAnyOrder("mode", "orderId", "partyA", "partyB",
				"ttlSeconds", "consent");
		assertThat(items.get(1).get("region").asString()).isEqualTo("440300");
		assertThat(items.get(1).get("regionPolicy").asString()).isEqualTo("STRICT");

		assertThat(batch.created()).isEqualTo(1);
		assertThat(batch.failed()).isEqualTo(1);
		BatchBindings.Item bound = batch.results().get(0);
		assertThat(bound.bound()).isTrue();
		assertThat(bound.binding().virtualNumber()).isEqualTo(X);
		assertThat(bound.code()).isNull();
		assertThat(bound.error()).isNull();
		BatchBindings.Item refused = batch.results().get(1);
		assertThat(refused.index()).isEqualTo(1);
		assertThat(refused.bound()).isFalse();
		assertThat(refused.binding()).isNull();
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(refused.problem().get("regionPolicy").asString()).isEqualTo("STRICT");
		assertThat(refused.error().status()).isEqualTo(409);
		assertThat(refused.error().code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(refused.error().detail()).isEqualTo("no number of 440300 (STRICT)");
	}

	@Test
	void aBatchWithoutAKeySendsNoneAndARefusedBatchThrows() {
		gateway.then(Reply.problem(400, "VALIDATION_FAILED", "bindings must be 1..100 items"));

		assertThatThrownBy(() -> client.bindBatch(List.of(BindRequest.axn("ORD-1", A, 600, CONSENT))))
			.isInstanceOfSatisfying(NumShieldException.class, e -> assertThat(e.code()).isEqualTo("VALIDATION_FAILED"));
		assertThat(only(gateway.requests()).header("Idempotency-Key")).isNull();
	}

	@Test
	void anAxgBindWithRegionAndIndustrialIdSendsThemAndReadsTheNewFields() {
		gateway.then(Reply.json(201, BINDING_VIEW.replace("\"mode\":\"AXB\"", "\"mode\":\"AXG\"")
			.replace("\"partyB\":\"139****0102\",", "")
			.replace("\"status\":\"ACTIVE\"",
					"\"status\":\"ACTIVE\",\"regionUsed\":\"440000\",\"regionMatch\":\"PROVINCE\",\"groupId\":\""
							+ GROUP_ID + "\"")));

		Binding bound = client.bind(BindRequest.axg("ORD-1", A, GROUP_ID, 1800, CONSENT)
			.withRegion("440300", null)
			.withIndustrialId("IND-0042"), "ORD-1-bind");

		JsonNode body = JSON.readTree(only(gateway.requests()).text());
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("mode", "orderId", "partyA", "ttlSeconds", "consent",
				"groupId", "region", "industrialId");
		assertThat(body.get("mode").asString()).isEqualTo("AXG");
		assertThat(body.get("groupId").asString()).isEqualTo(GROUP_ID);
		assertThat(body.get("industrialId").asString()).isEqualTo("IND-0042");
		assertThat(bound.mode()).isEqualTo("AXG");
		assertThat(bound.partyB()).isNull();
		assertThat(bound.groupId()).isEqualTo(GROUP_ID);
		assertThat(bound.regionUsed()).isEqualTo("440000");
		assertThat(bound.regionMatch()).isEqualTo("PROVINCE");
	}

	@Test
	void theOtherOptionsKeepTheNewFieldsAndAPlainBindHasNone() {
		BindRequest request = BindRequest.axb("ORD-1", A, B, 1800, CONSENT)
			.withRegion("440300", "ANY")
			.withIndustrialId("IND-0042")
			.withPool("pool-1")
			.withRecording(true)
			.withCallControls(60, null, null);
		assertThat(request.region()).isEqualTo("440300");
		assertThat(request.regionPolicy()).isEqualTo("ANY");
		assertThat(request.industrialId()).isEqualTo("IND-0042");
		assertThat(request.poolId()).isEqualTo("pool-1");
		BindRequest plain = BindRequest.axb("ORD-1", A, B, 1800, CONSENT);
		assertThat(plain.groupId()).isNull();
		assertThat(plain.region()).isNull();

		gateway.then(Reply.json(201, BINDING_VIEW));
		Binding bound = client.bind(plain);
		assertThat(bound.regionUsed()).isNull();
		assertThat(bound.regionMatch()).isNull();
		assertThat(bound.groupId()).isNull();
	}

	@Test
	void groupsAreCreatedReadChangedAndDeleted() {
		gateway.then(Reply.json(201, GROUP_VIEW))
			.then(Reply.json(200, GROUP_VIEW))
			.then(Reply.json(200, GROUP_VIEW))
			.then(Reply.json(200, GROUP_VIEW.replace(",\"137****0103\"", "")))
			.then(Reply.noContent());

		Group created = client.createGroup(
				GroupRequest.of(List.of(B, C)).withOrderId("ORD-1").withACallsLastMember(false), "ORD-1-group");
		client.group(GROUP_ID);
		client.addGroupMembers(GROUP_ID, List.of(C));
		Group fewer = client.removeGroupMembers(GROUP_ID, List.of(C));
		client.deleteGroup(GROUP_ID);

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::method).containsExactly("POST", "GET", "POST", "POST", "DELETE");
		assertThat(sent).extracting(Received::rawPath)
			.containsExactly("/v1/groups", "/v1/groups/" + GROUP_ID, "/v1/groups/" + GROUP_ID + "/members",
					"/v1/groups/" + GROUP_ID + "/members/removals", "/v1/groups/" + GROUP_ID);
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(sent.get(0).header("Idempotency-Key")).isEqualTo("ORD-1-group");
		assertThat(JSON.readTree(sent.get(0).text())).isEqualTo(JSON
			.readTree("{\"orderId\":\"ORD-1\",\"members\":[\"" + B + "\",\"" + C + "\"],\"aCallsLastMember\":false}"));
		assertThat(JSON.readTree(sent.get(2).text())).isEqualTo(JSON.readTree("{\"numbers\":[\"" + C + "\"]}"));
		assertThat(JSON.readTree(sent.get(3).text())).isEqualTo(JSON.readTree("{\"numbers\":[\"" + C + "\"]}"));
		assertThat(sent.get(1).body()).isEmpty();
		assertThat(created.groupId()).isEqualTo(GROUP_ID);
		assertThat(created.members()).containsExactly("139****0102", "137****0103");
		assertThat(created.aCallsLastMember()).isFalse();
		assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
		assertThat(fewer.members()).containsExactly("139****0102");
	}

	@Test
	void aGroupWithoutOptionsSendsOnlyItsMembers() {
		gateway.then(Reply.json(201, GROUP_VIEW)).then(Reply.problem(409, "GROUP_BOUND", "an AXG binding holds it"));

		client.createGroup(GroupRequest.of(List.of(B)));

		Received sent = gateway.requests().get(0);
		assertThat(JSON.readTree(sent.text())).isEqualTo(JSON.readTree("{\"members\":[\"" + B + "\"]}"));
		assertThat(sent.header("Idempotency-Key")).isNull();
		assertThatThrownBy(() -> client.deleteGroup(GROUP_ID)).isInstanceOfSatisfying(NumShieldException.class,
				e -> assertThat(e.code()).isEqualTo("GROUP_BOUND"));
	}

	@Test
	void inventoryAndTheLookUpByVirtualNumber() {
		gateway.then(Reply.json(200, "{\"platformId\":\"p-1\",\"pools\":[{\"poolId\":\"pool-1\",\"region\":\"440300\","
				+ "\"numbers\":1000,\"freeNumbers\":990,\"activeBindings\":7},{\"poolId\":\"pool-2\",\"numbers\":10,"
				+ "\"freeNumbers\":10,\"activeBindings\":0}],\"quota\":{\"maxActiveBindings\":null,"
				+ "\"activeBindings\":7,\"left\":null}}"))
			.then(Reply.json(200, "{\"bindings\":[" + BINDING_VIEW + "]}"))
			.then(Reply.json(200, "{\"bindings\":[]}"));

		Inventory inventory = client.inventory();
		List<Binding> onX = client.findByVirtualNumber(X);
		List<Binding> onExtension = client.findByVirtualNumber(X, "0042");

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::method).containsOnly("GET");
		assertThat(sent).extracting(Received::rawPath).containsExactly("/v1/inventory", "/v1/bindings", "/v1/bindings");
		assertThat(sent.get(0).rawQuery()).isNull();
		assertThat(sent.get(1).rawQuery()).isEqualTo("virtualNumber=" + X);
		assertThat(sent.get(2).rawQuery()).isEqualTo("extension=0042&virtualNumber=" + X);
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(inventory.platformId()).isEqualTo("p-1");
		assertThat(inventory.pools()).extracting(Inventory.Pool::poolId).containsExactly("pool-1", "pool-2");
		assertThat(inventory.pools().get(0).region()).isEqualTo("440300");
		assertThat(inventory.pools().get(0).freeNumbers()).isEqualTo(990);
		assertThat(inventory.pools().get(1).region()).isNull();
		assertThat(inventory.quota().activeBindings()).isEqualTo(7);
		assertThat(inventory.quota().maxActiveBindings()).isNull();
		assertThat(inventory.quota().left()).isNull();
		assertThat(onX).extracting(Binding::virtualNumber).containsExactly(X);
		assertThat(onExtension).isEmpty();
	}

	@Test
	void aCarriersFlagOfANumber() {
		gateway
			.then(Reply.json(201,
					"{\"virtualNumber\":\"700100000000123\",\"kind\":\"SPAM_REPORT\",\"flagsInWindow\":3,"
							+ "\"threshold\":3,\"quarantined\":true}"))
			.then(Reply.json(201, "{\"virtualNumber\":\"700100000000124\",\"kind\":\"FRAUD_REPORT\","
					+ "\"flagsInWindow\":1,\"threshold\":3,\"quarantined\":false}"));

		NumberFlag third = client.flagNumber("700100000000123", "SPAM_REPORT", "user reports");
		NumberFlag first = client.flagNumber("700100000000124", "FRAUD_REPORT", null);

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::method).containsExactly("POST", "POST");
		assertThat(sent).extracting(Received::rawPath)
			.containsExactly("/v1/numbers/700100000000123/flags", "/v1/numbers/700100000000124/flags");
		assertThat(JSON.readTree(sent.get(0).text()))
			.isEqualTo(JSON.readTree("{\"kind\":\"SPAM_REPORT\",\"note\":\"user reports\"}"));
		assertThat(JSON.readTree(sent.get(1).text())).isEqualTo(JSON.readTree("{\"kind\":\"FRAUD_REPORT\"}"));
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(third.quarantined()).isTrue();
		assertThat(third.flagsInWindow()).isEqualTo(3);
		assertThat(first.quarantined()).isFalse();
		assertThat(first.threshold()).isEqualTo(3);
	}

	@Test
	void thePlatformsOwnBlocklist() {
		gateway
			.then(Reply.json(201,
					"{\"number\":\"137****0103\",\"reason\":\"abuse\",\"at\":\"2026-11-30T10:00:00Z\","
							+ "\"blocked\":true}"))
			.then(Reply.json(200,
					"{\"number\":\"137****0103\",\"reason\":\"settled\",\"at\":\"2026-11-30T10:05:00Z\","
							+ "\"blocked\":false}"))
			.then(Reply.json(200,
					"{\"entries\":[{\"number\":\"137****0103\",\"reason\":\"abuse\","
							+ "\"at\":\"2026-11-30T10:00:00Z\",\"blocked\":true}],\"total\":1}"))
			.then(Reply.json(200, "{\"entries\":[],\"total\":1}"));

		BlockedNumber blocked = client.blockNumber(C, "abuse");
		BlockedNumber unblocked = client.unblockNumber(C, "settled");
		PlatformBlocklist first = client.platformBlocklist();
		PlatformBlocklist later = client.platformBlocklist(50, 2);

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::method).containsExactly("POST", "POST", "GET", "GET");
		assertThat(sent).extracting(Received::rawPath)
			.containsExactly("/v1/platform-blocklist", "/v1/platform-blocklist/removals", "/v1/platform-blocklist",
					"/v1/platform-blocklist");
		assertThat(JSON.readTree(sent.get(0).text()))
			.isEqualTo(JSON.readTree("{\"number\":\"" + C + "\",\"reason\":\"abuse\"}"));
		assertThat(JSON.readTree(sent.get(1).text()))
			.isEqualTo(JSON.readTree("{\"number\":\"" + C + "\",\"reason\":\"settled\"}"));
		assertThat(sent.get(2).rawQuery()).isEqualTo("limit=100&page=0");
		assertThat(sent.get(3).rawQuery()).isEqualTo("limit=50&page=2");
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(blocked.blocked()).isTrue();
		assertThat(blocked.number()).isEqualTo("137****0103");
		assertThat(unblocked.blocked()).isFalse();
		assertThat(unblocked.at()).isEqualTo(Instant.parse("2026-11-30T10:05:00Z"));
		assertThat(first.total()).isEqualTo(1);
		assertThat(first.entries()).extracting(BlockedNumber::reason).containsExactly("abuse");
		assertThat(later.entries()).isEmpty();
	}

	@Test
	void realNameReportsAreMadeReadAndSearchedWithThePhoneInTheBodyOnly() {
		String view = "{\"reportId\":\"ir_0123456789abcdef0123456789abcdef\",\"phone\":\"138****0101\","
				+ "\"name\":\"张*\",\"idType\":\"PASSPORT\",\"idNumber\":\"E1*****78\","
				+ "\"createdAt\":\"2026-11-30T10:00:00Z\",\"validUntil\":\"2026-12-30T10:00:00Z\"}";
		gateway.then(Reply.json(201, view))
			.then(Reply.json(200, view.replace(",\"validUntil\":\"2026-12-30T10:00:00Z\"", "")))
			.then(Reply.json(200, "{\"identityReports\":[" + view + "]}"));
		Instant until = Instant.parse("2026-12-30T10:00:00Z");
		IdentityReportRequest request = IdentityReportRequest.of(A, "张三", "PASSPORT", "E12345678")
			.withValidUntil(until);

		IdentityReport made = client.reportIdentity(request);
		IdentityReport read = client.identityReport(made.reportId());
		List<IdentityReport> found = client.searchIdentityReports(A);

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::method).containsExactly("POST", "GET", "POST");
		assertThat(sent).extracting(Received::rawPath)
			.containsExactly("/v1/identity-reports", "/v1/identity-reports/ir_0123456789abcdef0123456789abcdef",
					"/v1/identity-reports/search");
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(JSON.readTree(sent.get(0).text())).isEqualTo(JSON.readTree("{\"phone\":\"" + A
				+ "\",\"name\":\"张三\",\"idType\":\"PASSPORT\",\"idNumber\":\"E12345678\",\"validUntil\":\"" + until
				+ "\"}"));
		// API change 36: the phone is in the body, never in the URL
		assertThat(sent.get(2).rawQuery()).isNull();
		assertThat(JSON.readTree(sent.get(2).text())).isEqualTo(JSON.readTree("{\"phone\":\"" + A + "\"}"));
		assertThat(sent.get(2).header("Content-Type")).isEqualTo("application/json");
		assertThat(made.phone()).isEqualTo("138****0101");
		assertThat(made.validUntil()).isEqualTo(until);
		assertThat(read.validUntil()).isNull();
		assertThat(found).extracting(IdentityReport::reportId).containsExactly(made.reportId());
		assertThat(request.toString()).doesNotContain(A, "张三", "E12345678");
	}

	private static Received only(List<Received> requests) {
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
