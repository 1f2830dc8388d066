package io.numshield.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.testsupport.OpenApiContract;

import org.junit.jupiter.api.Test;

/**
 * docs/api/openapi.yaml describes exactly what call-routing-service's controllers serve, and every
 * problem code call-routing-service (with service-support) can answer. When this fails, the
 * message names the (method, path) or code and what to change in the description.
 */
class OpenApiDescriptionTests {

	private static final String SERVICE = "call-routing";

	private final OpenApiContract description = OpenApiContract.load();

	@Test
	void isAnOpenApi31DescriptionWithAServiceOnEveryOperation() {
		assertThat(description.formProblems()).isEmpty();
	}

	@Test
	void describesExactlyTheOperationsTheControllersServe() {
		assertThat(description.differencesFrom(SERVICE, OpenApiContract.controllerEndpoints("io.numshield.routing")))
			.isEmpty();
	}

	@Test
	void declaresEveryProblemCodeTheServiceCanAnswer() {
		var produced = OpenApiContract.problemCodesIn(
				description.repositoryRoot().resolve("call-routing-service/src/main/java"),
				description.repositoryRoot().resolve("service-support/src/main/java"));
		assertThat(produced).containsKeys("VALIDATION_FAILED", "FORBIDDEN", "UNAUTHENTICATED", "INTERNAL_ERROR");
		assertThat(description.codesMissingFromDescription(produced)).isEmpty();
	}
}
