package io.numshield.routing;

import io.numshield.testsupport.ArchitectureRules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.CompositeArchRule;

import org.junit.jupiter.api.Test;

/**
 * The shared boundaries (test-support's {@code ArchitectureRules}, ADR 0015), the web
 * rule narrowed: {@code system} declares the endpoints' security rules
 * ({@code HttpMethod}). The domain throws the core's named failures ({@code Refusal}),
 * never an HTTP status.
 */
class ArchitectureTests {

	private static final String ROUTING = "io.numshield.routing";

	private static final JavaClasses CLASSES = ArchitectureRules.importMain(ROUTING);

	@Test
	void keepsTheSharedBoundaries() {
		CompositeArchRule.of(ArchitectureRules.featuresFreeOfCycles(ROUTING))
			.and(ArchitectureRules.webTypesOnlyInWeb(ROUTING, "system"))
			.and(ArchitectureRules.domainIndependentOfAdapters(ROUTING))
			.and(ArchitectureRules.noOtherService(ROUTING))
			.check(CLASSES);
	}

}
