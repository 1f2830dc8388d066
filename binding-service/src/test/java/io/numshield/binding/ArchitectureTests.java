package io.numshield.binding;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.testsupport.ArchitectureRules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of binding-service (ADR 0014): features ({@code lease}, {@code pool},
 * {@code platform}, {@code blocklist}) without cycles between them, {@code system}
 * depended on and depending on none of them; Redisson only in the {@code redis} adapters
 * and HTTP only in the {@code web} adapters, each depending on its feature's domain and
 * never the other way; nothing of another service.
 */
class ArchitectureTests {

	private static final String ROOT = "io.numshield.binding";

	private static final String[] FEATURES = { "lease", "pool", "platform", "blocklist", "inventory" };

	/** The feature packages themselves, without their adapter sub-packages. */
	private static final String[] DOMAINS = java.util.Arrays.stream(FEATURES)
		.map(f -> ROOT + "." + f)
		.toArray(String[]::new);

	private static final String WEB = ROOT + "..web..";

	private static final String REDIS = ROOT + "..redis..";

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages(ROOT);
	}

	@Test
	void importsTheWholeService() {
		for (String domain : DOMAINS) {
			assertThat(classes.containPackage(domain)).as(domain).isTrue();
		}
		assertThat(classes.containPackage(ROOT + ".lease.web")).isTrue();
		assertThat(classes.containPackage(ROOT + ".lease.redis")).isTrue();
		assertThat(classes.containPackage(ROOT + ".system")).isTrue();
		assertThat(classes).noneMatch(c -> c.getSimpleName().endsWith("Tests"));
	}

	@Test
	void systemDependsOnNoFeature() {
		noClasses().that()
			.resideInAPackage(ROOT + ".system..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(java.util.Arrays.stream(DOMAINS).map(d -> d + "..").toArray(String[]::new))
			.because("system is what every feature may use (settings, the clock, side effects); "
					+ "what belongs to a feature lives in the feature")
			.check(classes);
	}

	@Test
	void redissonStaysInRedisAdapters() {
		noClasses().that()
			.resideOutsideOfPackage(REDIS)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.redisson..")
			.because("Redisson belongs in the redis adapters; features declare ports")
			.check(classes);
	}

	/**
	 * test-support's rules, as every service checks them (ADR 0015): cycles, web types
	 * (and in {@code system}, which declares the endpoints' security rules with
	 * {@code HttpMethod}), adapters, other services.
	 */
	@Test
	void keepsTheSharedBoundaries() {
		ArchitectureRules.forService(ROOT, "system").check(classes);
	}

	@Test
	void domainDoesNotUseTheWebAnswer() {
		noClasses().that()
			.resideOutsideOfPackage(WEB)
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("io.numshield.support.web.ApiException")
			.because("the domain throws Refusal; the problem document is written by service-support's advice")
			.check(classes);
	}

	@Test
	void domainDoesNotDependOnAdapters() {
		noClasses().that()
			.resideInAnyPackage(DOMAINS)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(REDIS, WEB)
			.because("adapters depend on the domain's ports, never the domain on an adapter")
			.check(classes);
	}

	@Test
	void redisAdaptersAreUsedOnlyByAdapters() {
		classes().that()
			.resideInAPackage(REDIS)
			.should()
			.onlyHaveDependentClassesThat()
			.resideInAnyPackage(REDIS, WEB)
			.because("the domain sees the ports a redis adapter implements, never the adapter; only the warm-up "
					+ "(lease.web) builds adapters of its own, under its own key prefix")
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
