package io.numshield.audit;

import io.numshield.testsupport.DescribedServiceTests;

/**
 * docs/api/openapi.yaml against compliance-audit-service (test-support's
 * {@link DescribedServiceTests}).
 */
class OpenApiDescriptionTests extends DescribedServiceTests {

	OpenApiDescriptionTests() {
		super("compliance-audit", "io.numshield.audit", "compliance-audit-service/src/main/java", "VALIDATION_FAILED",
				"FORBIDDEN", "UNAUTHENTICATED", "INTERNAL_ERROR");
	}

}
