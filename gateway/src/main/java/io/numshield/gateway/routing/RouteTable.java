package io.numshield.gateway.routing;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every path of the API (docs/api/openapi.yaml) and its service. Methods are not split
 * here: each service refuses the methods it does not serve, and roles are checked by the
 * services from the token. Building a table with two routes of one id, or two identical
 * patterns, fails: a copy-pasted route would otherwise shadow another silently.
 */
public final class RouteTable {

	/** The contract's routes. */
	public static final List<ContractRoute> CONTRACT = List.of(
			// binding-service: operator
			new ContractRoute("pools", "/v1/pools", Service.BINDING),
			new ContractRoute("pool", "/v1/pools/{poolId}", Service.BINDING),
			new ContractRoute("pool-blocks", "/v1/pools/{poolId}/blocks", Service.BINDING),
			new ContractRoute("pool-block", "/v1/pools/{poolId}/blocks/{managementNumber}", Service.BINDING),
			new ContractRoute("pool-block-drain", "/v1/pools/{poolId}/blocks/{managementNumber}/drain",
					Service.BINDING),
			new ContractRoute("pool-block-numbers", "/v1/pools/{poolId}/blocks/{managementNumber}/numbers",
					Service.BINDING),
			new ContractRoute("number", "/v1/numbers/{virtualNumber}", Service.BINDING),
			new ContractRoute("number-quarantine", "/v1/numbers/{virtualNumber}/quarantine", Service.BINDING),
			new ContractRoute("number-quarantine-release", "/v1/numbers/{virtualNumber}/quarantine/release",
					Service.BINDING),
			new ContractRoute("platforms", "/v1/platforms", Service.BINDING),
			new ContractRoute("platform", "/v1/platforms/{platformId}", Service.BINDING),
			new ContractRoute("platform-suspend", "/v1/platforms/{platformId}/suspend", Service.BINDING),
			new ContractRoute("platform-resume", "/v1/platforms/{platformId}/resume", Service.BINDING),
			new ContractRoute("platform-revoke", "/v1/platforms/{platformId}/revoke", Service.BINDING),
			// binding-service: carrier
			new ContractRoute("number-flags", "/v1/numbers/{virtualNumber}/flags", Service.BINDING),
			// binding-service: regulator or operator
			new ContractRoute("blocklist", "/v1/blocklist", Service.BINDING),
			new ContractRoute("blocklist-removals", "/v1/blocklist/removals", Service.BINDING),
			// binding-service: platform
			new ContractRoute("bindings", "/v1/bindings", Service.BINDING),
			new ContractRoute("binding", "/v1/bindings/{bindingId}", Service.BINDING),
			new ContractRoute("identity-reports", "/v1/identity-reports", Service.BINDING),
			// before {reportId}: "search" is not a report's id (API change 36)
			new ContractRoute("identity-report-search", "/v1/identity-reports/search", Service.BINDING),
			new ContractRoute("identity-report", "/v1/identity-reports/{reportId}", Service.BINDING),
			new ContractRoute("groups", "/v1/groups", Service.BINDING),
			new ContractRoute("group", "/v1/groups/{groupId}", Service.BINDING),
			new ContractRoute("group-members", "/v1/groups/{groupId}/members", Service.BINDING),
			new ContractRoute("group-member-removals", "/v1/groups/{groupId}/members/removals", Service.BINDING),
			new ContractRoute("inventory", "/v1/inventory", Service.BINDING),
			new ContractRoute("platform-blocklist", "/v1/platform-blocklist", Service.BINDING),
			new ContractRoute("platform-blocklist-removals", "/v1/platform-blocklist/removals", Service.BINDING),
			new ContractRoute("bindings-batch", "/v1/bindings:batch", Service.BINDING),
			// call-routing-service: carrier
			new ContractRoute("call-routes", "/v1/call-routes", Service.CALL_ROUTING),
			new ContractRoute("call-events", "/v1/call-events", Service.CALL_ROUTING),
			// call-routing-service: operator
			new ContractRoute("callback-dead-letters", "/v1/callbacks/dead-letters", Service.CALL_ROUTING),
			new ContractRoute("callback-redelivery", "/v1/callbacks/dead-letters/{eventId}/redelivery",
					Service.CALL_ROUTING),
			// compliance-audit-service: regulator, operator may verify
			new ContractRoute("audit-trace", "/v1/audit/trace", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-party-search", "/v1/audit/party-search", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-events", "/v1/audit/events", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-verify", "/v1/audit/verify", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-checkpoints", "/v1/audit/checkpoints", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-checkpoint-key", "/v1/audit/checkpoints/key", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-calls-export", "/v1/audit/calls/export", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-cases", "/v1/audit/cases", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-case", "/v1/audit/cases/{caseId}", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-case-export", "/v1/audit/cases/{caseId}/export", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-daily-report", "/v1/audit/reports/daily/{date}", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-daily-report-signature", "/v1/audit/reports/daily/{date}/signature",
					Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-signals", "/v1/audit/signals", Service.COMPLIANCE_AUDIT),
			new ContractRoute("audit-signal", "/v1/audit/signals/{signalId}", Service.COMPLIANCE_AUDIT),
			// compliance-audit-service: platform (its own call records)
			new ContractRoute("binding-calls", "/v1/bindings/{bindingId}/calls", Service.COMPLIANCE_AUDIT),
			new ContractRoute("calls", "/v1/calls", Service.COMPLIANCE_AUDIT),
			new ContractRoute("call-recording", "/v1/calls/{callId}/recording", Service.COMPLIANCE_AUDIT),
			// compliance-audit-service: anyone holding a recording link (unsigned,
			// EdgeCheck)
			new ContractRoute("recording", "/v1/recordings/{token}", Service.COMPLIANCE_AUDIT));

	private final List<ContractRoute> routes;

	private final List<PathPattern> patterns;

	public RouteTable(List<ContractRoute> routes) {
		Set<String> ids = new HashSet<>();
		Set<String> seenPatterns = new LinkedHashSet<>();
		for (ContractRoute route : routes) {
			if (!ids.add(route.id())) {
				throw new IllegalArgumentException("duplicate route id: " + route.id());
			}
			if (!seenPatterns.add(route.pattern())) {
				throw new IllegalArgumentException(
						"duplicate route path: " + route.pattern() + " (route " + route.id() + ")");
			}
		}
		this.routes = List.copyOf(routes);
		this.patterns = routes.stream().map(r -> PathPatternParser.defaultInstance.parse(r.pattern())).toList();
	}

	public static RouteTable contract() {
		return new RouteTable(CONTRACT);
	}

	public List<ContractRoute> routes() {
		return routes;
	}

	/** The route of a request path, or {@code null}. */
	public ContractRoute match(String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (int i = 0; i < patterns.size(); i++) {
			if (patterns.get(i).matches(container)) {
				return routes.get(i);
			}
		}
		return null;
	}

}
