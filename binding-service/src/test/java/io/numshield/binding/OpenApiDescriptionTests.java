package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.problem.ProblemCode;
import io.numshield.testsupport.DescribedServiceTests;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * docs/api/openapi.yaml against binding-service (test-support's
 * {@link DescribedServiceTests}).
 */
class OpenApiDescriptionTests extends DescribedServiceTests {

	OpenApiDescriptionTests() {
		super("binding", "io.numshield.binding", "binding-service/src/main/java", "UNAUTHENTICATED", "INTERNAL_ERROR");
	}

	/**
	 * The domain's refusals name a {@link ProblemCode} (ADR 0014), which the string scan
	 * does not see: the enum and the description's code enum must list the same codes, so
	 * that every code the domain can throw is declared, and every declared code is one
	 * the domain could name.
	 */
	@Test
	void problemCodeEnumIsTheDescriptionsCodeEnum() {
		assertThat(Arrays.stream(ProblemCode.values()).map(Enum::name))
			.containsExactlyInAnyOrderElementsOf(this.description.problemCodes());
	}

}
