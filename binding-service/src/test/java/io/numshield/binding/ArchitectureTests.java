package io.numshield.binding;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of binding-service: Redisson stays in the {@code redis} adapters, HTTP in the
 * {@code web} adapters, nothing but a {@code web} adapter uses one, and the service never reaches
 * into another service's packages.
 */
class ArchitectureTests {

	private static final String ROOT = "io.numshield.binding";

	/** The feature packages themselves, without their adapter sub-packages. */
	private static final String[] FEATURE_PACKAGES = { ROOT + ".lease", ROOT + ".pool", ROOT + ".platform",
			ROOT + ".blocklist" };

	private static final String DOMAIN = ROOT + ".lease";

	private static final String WEB = ROOT + "..web..";

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
			.importPackages(ROOT);
	}

	@Test
	void importsTheWholeService() {
		assertThat(classes.containPackage(DOMAIN)).isTrue();
		assertThat(classes.containPackage(DOMAIN + ".web")).isTrue();
		assertThat(classes.containPackage(DOMAIN + ".redis")).isTrue();
		assertThat(classes).noneMatch(c -> c.getSimpleName().endsWith("Tests"));
	}

	@Test
	void featurePackagesDoNotUseRedisson() {
		noClasses().that()
			.resideInAnyPackage(FEATURE_PACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.redisson..")
			.because("Redisson belongs in the redis adapters; features declare ports")
			.check(classes);
	}

	@Test
	void bindingDomainUsesNeitherRedissonNorSpringWeb() {
		noClasses().that()
			.resideInAPackage(DOMAIN)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.redisson..", "org.springframework.web..")
			.because("the lease domain knows neither Redis nor HTTP")
			.check(classes);
	}

	@Test
	void webAdaptersAreUsedOnlyByWebAdapters() {
		classes().that()
			.resideInAPackage(WEB)
			.should()
			.onlyHaveDependentClassesThat()
			.resideInAPackage(WEB)
			.because("controllers are the edge: nothing inside the service calls them")
			.check(classes);
	}

	@Test
	void serviceDoesNotReachIntoOtherServices() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.numshield.routing..", "io.numshield.audit..", "io.numshield.gateway..")
			.because("services talk over HTTP and events, never through each other's classes")
			.check(classes);
	}
}
