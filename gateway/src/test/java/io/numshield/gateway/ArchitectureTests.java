package io.numshield.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The gateway's feature packages have no cycles, the route table knows nothing of keys, and the client stays Spring-free. */
class ArchitectureTests {

	private static final JavaClasses GATEWAY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.numshield.gateway");

	private static final JavaClasses CLIENT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.numshield.client");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.numshield.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
	}

	@Test
	void routingAndApiKeysDoNotDependOnTheEdge() {
		noClasses().that().resideInAnyPackage("..gateway.routing..", "..gateway.apikey..")
			.should().dependOnClassesThat().resideInAPackage("..gateway.edge..")
			.check(GATEWAY);
	}

	@Test
	void theClientLibraryNeedsNoSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CLIENT);
	}
}
