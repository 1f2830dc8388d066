package io.numshield.routing;

import io.numshield.testsupport.ArchitectureRules;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.CompositeArchRule;

import org.junit.jupiter.api.Test;

/**
 * The shared boundaries (test-support's {@code ArchitectureRules}, ADR 0015), the web rule narrowed:
 * {@code system} declares the endpoints' security rules ({@code HttpMethod}), and {@code HttpStatus}
 * is tolerated where the domain still throws service-support's {@code ApiException} (which takes
 * one), until routing throws the core's named failures.
 */
class ArchitectureTests {

	private static final String ROUTING = "io.numshield.routing";

	private static final JavaClasses CLASSES = ArchitectureRules.importMain(ROUTING);

	@Test
	void keepsTheSharedBoundaries() {
		CompositeArchRule.of(ArchitectureRules.featuresFreeOfCycles(ROUTING))
			.and(ArchitectureRules.webTypesOnlyInWeb(ROUTING, List.of("system"),
					List.of("org.springframework.http.HttpStatus")))
			.and(ArchitectureRules.domainIndependentOfAdapters(ROUTING))
			.and(ArchitectureRules.noOtherService(ROUTING))
			.check(CLASSES);
	}
}
