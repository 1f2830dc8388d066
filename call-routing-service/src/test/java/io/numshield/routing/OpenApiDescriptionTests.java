package io.numshield.routing;

import io.numshield.testsupport.DescribedServiceTests;

/**
 * docs/api/openapi.yaml against call-routing-service (test-support's
 * {@link DescribedServiceTests}).
 */
class OpenApiDescriptionTests extends DescribedServiceTests {

	OpenApiDescriptionTests() {
		super("call-routing", "io.numshield.routing", "call-routing-service/src/main/java", "VALIDATION_FAILED",
				"FORBIDDEN", "UNAUTHENTICATED", "INTERNAL_ERROR");
	}

}
