package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.gateway.routing.ContractRoute;
import io.numshield.gateway.routing.RouteTable;
import io.numshield.gateway.routing.Service;
import io.numshield.testsupport.OpenApiContract;
import io.numshield.testsupport.OpenApiContract.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * docs/api/openapi.yaml describes exactly what the gateway's own controllers serve, the
 * gateway's {@link RouteTable} forwards exactly the paths the description gives to the
 * services behind it, each to that service, and the description declares every problem
 * code the gateway can answer. When this fails, the message names the (method, path,
 * service) and what to change where.
 */
class OpenApiDescriptionTests {

	private static final String SERVICE = "gateway";

	/** The description's name of each service behind the gateway. */
	private static final Map<Service, String> NAMES = Map.of(Service.BINDING, "binding", Service.CALL_ROUTING,
			"call-routing", Service.COMPLIANCE_AUDIT, "compliance-audit");

	private final OpenApiContract description = OpenApiContract.load();

	private final RouteTable table = RouteTable.contract();

	@Test
	void isAnOpenApi31DescriptionWithAServiceOnEveryOperation() {
		assertThat(description.formProblems()).isEmpty();
	}

	@Test
	void describesExactlyTheOperationsTheGatewaysOwnControllersServe() {
		assertThat(description.differencesFrom(SERVICE, OpenApiContract.controllerEndpoints("io.numshield.gateway")))
			.isEmpty();
	}

	@Test
	void forwardsEveryDescribedPathToTheServiceTheDescriptionNames() {
		List<String> differences = new ArrayList<>();
		for (Operation o : description.operations()) {
			ContractRoute route = table.match(example(o.path()));
			if (SERVICE.equals(o.service())) {
				if (route != null) {
					differences.add(o.method() + " " + o.path() + " is the gateway's own in " + OpenApiContract.LOCATION
							+ " but RouteTable forwards it to " + route.service() + " (route " + route.id()
							+ "): remove the route, or give the operation x-numshield-service: "
							+ NAMES.get(route.service()));
				}
			}
			else if (route == null) {
				differences.add(o.method() + " " + o.path() + " has x-numshield-service: " + o.service() + " in "
						+ OpenApiContract.LOCATION + " but RouteTable forwards it nowhere: add a ContractRoute to "
						+ "RouteTable.CONTRACT, or remove the operation");
			}
			else if (!NAMES.get(route.service()).equals(o.service())) {
				differences.add(o.method() + " " + o.path() + " has x-numshield-service: " + o.service() + " in "
						+ OpenApiContract.LOCATION + " but RouteTable forwards it to " + route.service() + " (route "
						+ route.id() + "): correct one of them");
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void forwardsNothingTheDescriptionDoesNotGiveToThatService() {
		List<String> differences = new ArrayList<>();
		for (ContractRoute route : table.routes()) {
			String service = NAMES.get(route.service());
			boolean described = description.operationsOf(service)
				.stream()
				.anyMatch(o -> OpenApiContract.key("X", o.path()).equals(OpenApiContract.key("X", route.pattern())));
			if (!described) {
				differences.add("RouteTable forwards " + route.pattern() + " (route " + route.id() + ") to "
						+ route.service() + " but " + OpenApiContract.LOCATION
						+ " has no operation on that path with x-numshield-service: " + service
						+ ": describe it, or remove the route");
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void declaresEveryProblemCodeTheGatewayCanAnswer() {
		var produced = OpenApiContract.problemCodesIn(description.repositoryRoot().resolve("gateway/src/main/java"));
		assertThat(produced).containsKeys("UNAUTHENTICATED", "REQUEST_REPLAYED", "SERVICE_UNAVAILABLE", "NOT_FOUND");
		assertThat(description.codesMissingFromDescription(produced)).isEmpty();
	}

	/** A concrete path of a template: each variable becomes {@code x1}. */
	private static String example(String template) {
		return template.replaceAll("\\{[^}/]+}", "x1");
	}

}
