package io.numshield.testsupport;

import com.tngtech.archunit.lang.CompositeArchRule;

import org.junit.jupiter.api.Test;

/**
 * numshield-core's boundaries, checked here because test-support depends on the core (the
 * core's own tests cannot use these rules without a cycle between the modules).
 */
class CoreArchitectureTests {

	private static final String CORE = "io.numshield.core";

	@Test
	void theCoreIsSpringFreeAndItsPackagesHaveNoCycles() {
		CompositeArchRule.of(ArchitectureRules.springFree(CORE))
			.and(ArchitectureRules.featuresFreeOfCycles(CORE))
			.check(ArchitectureRules.importMain(CORE));
	}

}
