package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.numshield.gateway.routing.ContractRoute;
import io.numshield.gateway.routing.RouteTable;
import io.numshield.gateway.routing.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The route table: every contract path reaches its service, and a table with a duplicate
 * does not build.
 */
class RouteTableTests {

	private final RouteTable table = RouteTable.contract();

	@Test
	void routesEveryPathOfTheContractToItsService() {
		Map<String, Service> contract = new java.util.LinkedHashMap<>();
		contract.put("/v1/pools", Service.BINDING);
		contract.put("/v1/pools/demo-pool/blocks", Service.BINDING);
		contract.put("/v1/pools/demo-pool", Service.BINDING);
		contract.put("/v1/pools/demo-pool/blocks/70000000001", Service.BINDING);
		contract.put("/v1/pools/demo-pool/blocks/70000000001/drain", Service.BINDING);
		contract.put("/v1/pools/demo-pool/blocks/70000000001/numbers", Service.BINDING);
		contract.put("/v1/numbers/700000000010042", Service.BINDING);
		contract.put("/v1/numbers/700000000010042/quarantine", Service.BINDING);
		contract.put("/v1/numbers/700000000010042/quarantine/release", Service.BINDING);
		contract.put("/v1/numbers/700000000010042/flags", Service.BINDING);
		contract.put("/v1/platforms", Service.BINDING);
		contract.put("/v1/platforms/p-1", Service.BINDING);
		contract.put("/v1/platforms/p-1/suspend", Service.BINDING);
		contract.put("/v1/platforms/p-1/resume", Service.BINDING);
		contract.put("/v1/platforms/p-1/revoke", Service.BINDING);
		contract.put("/v1/blocklist", Service.BINDING);
		contract.put("/v1/blocklist/removals", Service.BINDING);
		contract.put("/v1/bindings", Service.BINDING);
		contract.put("/v1/bindings/b-1", Service.BINDING);
		contract.put("/v1/identity-reports", Service.BINDING);
		contract.put("/v1/identity-reports/search", Service.BINDING);
		contract.put("/v1/identity-reports/ir_1", Service.BINDING);
		contract.put("/v1/groups", Service.BINDING);
		contract.put("/v1/groups/g-1", Service.BINDING);
		contract.put("/v1/groups/g-1/members", Service.BINDING);
		contract.put("/v1/groups/g-1/members/removals", Service.BINDING);
		contract.put("/v1/inventory", Service.BINDING);
		contract.put("/v1/platform-blocklist", Service.BINDING);
		contract.put("/v1/platform-blocklist/removals", Service.BINDING);
		contract.put("/v1/bindings:batch", Service.BINDING);
		contract.put("/v1/call-routes", Service.CALL_ROUTING);
		contract.put("/v1/call-events", Service.CALL_ROUTING);
		contract.put("/v1/callbacks/dead-letters", Service.CALL_ROUTING);
		contract.put("/v1/callbacks/dead-letters/evt_0123/redelivery", Service.CALL_ROUTING);
		contract.put("/v1/audit/trace", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/party-search", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/events", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/verify", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/checkpoints", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/checkpoints/key", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/calls/export", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/cases", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/cases/case-0123456789abcdef01234567", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/cases/case-0123456789abcdef01234567/export", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/reports/daily/2026-11-30", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/reports/daily/2026-11-30/signature", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/signals", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/audit/signals/sig_0123456789abcdef0123456789ab", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/bindings/b-1/calls", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/calls", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/calls/c-1/recording", Service.COMPLIANCE_AUDIT);
		contract.put("/v1/recordings/v1.abc.def", Service.COMPLIANCE_AUDIT);
		contract.forEach((path, service) -> {
			ContractRoute route = table.match(path);
			assertThat(route).as(path).isNotNull();
			assertThat(route.service()).as(path).isEqualTo(service);
		});
		assertThat(table.match("/v1/identity-reports/search").id()).isEqualTo("identity-report-search");
		assertThat(table.routes()).hasSize(contract.size());
	}

	@Test
	void leavesEverythingElseUnrouted() {
		for (String path : List.of("/", "/v1", "/v1/secrets", "/v1/bindings/b-1/extra", "/v1/bindings/b-1/calls/x",
				"/v1/calls/x/y", "/v1/audit", "/v1/audit/other", "/actuator/env", "/v2/bindings",
				"/v1/pools/p/blocks/x/other", "/v1/callbacks", "/v1/groups/g-1/other",
				"/v1/callbacks/dead-letters/evt_0123", "/v1/bindings:batch/x", "/v1/bindings:other")) {
			assertThat(table.match(path)).as(path).isNull();
		}
	}

	@Test
	void aDuplicateRouteIdFailsTheTable() {
		List<ContractRoute> routes = new ArrayList<>(RouteTable.CONTRACT);
		routes.add(new ContractRoute("bindings", "/v1/bindings-copy", Service.BINDING));
		assertThatIllegalArgumentException().isThrownBy(() -> new RouteTable(routes))
			.withMessageContaining("duplicate route id: bindings");
	}

	@Test
	void aDuplicatePathFailsTheTable() {
		List<ContractRoute> routes = new ArrayList<>(RouteTable.CONTRACT);
		routes.add(new ContractRoute("bindings-again", "/v1/bindings", Service.CALL_ROUTING));
		assertThatIllegalArgumentException().isThrownBy(() -> new RouteTable(routes))
			.withMessageContaining("duplicate route path");
	}

}
