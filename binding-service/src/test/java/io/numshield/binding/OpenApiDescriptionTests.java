package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.problem.ProblemCode;
import io.numshield.testsupport.OpenApiContract;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * docs/api/openapi.yaml describes exactly what binding-service's controllers serve, and every
 * problem code binding-service (with service-support) can answer. When this fails, the message
 * names the (method, path) or code and what to change in the description.
 */
class OpenApiDescriptionTests {

	private static final String SERVICE = "binding";

	private final OpenApiContract description = OpenApiContract.load();

	@Test
	void isAnOpenApi31DescriptionWithAServiceOnEveryOperation() {
		assertThat(description.formProblems()).isEmpty();
	}

	@Test
	void describesExactlyTheOperationsTheControllersServe() {
		assertThat(description.differencesFrom(SERVICE, OpenApiContract.controllerEndpoints("io.numshield.binding")))
			.isEmpty();
	}

	@Test
	void declaresEveryProblemCodeTheServiceCanAnswer() {
		var produced = OpenApiContract.problemCodesIn(description.repositoryRoot().resolve("binding-service/src/main/java"),
				description.repositoryRoot().resolve("service-support/src/main/java"));
		assertThat(produced).containsKeys("UNAUTHENTICATED", "INTERNAL_ERROR");
		assertThat(description.codesMissingFromDescription(produced)).isEmpty();
	}

	/**
	 * The domain's refusals name a {@link ProblemCode} (ADR 0014), which the string scan above does not
	 * see: the enum and the description's code enum must list the same codes, so that every code the
	 * domain can throw is declared, and every declared code is one the domain could name.
	 */
	@Test
	void problemCodeEnumIsTheDescriptionsCodeEnum() {
		assertThat(Arrays.stream(ProblemCode.values()).map(Enum::name))
			.containsExactlyInAnyOrderElementsOf(description.problemCodes());
	}
}
