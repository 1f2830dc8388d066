package io.numshield.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.CompositeArchRule;

import io.numshield.testsupport.ArchitectureRules;

import org.junit.jupiter.api.Test;

/**
 * The shared boundaries (test-support's {@code ArchitectureRules}, ADR 0015) and the
 * gateway's own. The shared web rule does not fit the gateway: it is the HTTP edge, so
 * {@code edge} (the signed request filter), {@code routing} (the proxy) and
 * {@code system} are web layers by what they are. What stays free of HTTP is the keys'
 * and tokens' logic: in {@code apikey} and {@code token} only the controllers and
 * {@code Caller} (the request attribute the edge hands to them) touch it.
 */
class ArchitectureTests {

	private static final String GATEWAY = "io.numshield.gateway";

	private static final JavaClasses CLASSES = ArchitectureRules.importMain(GATEWAY);

	@Test
	void keepsTheSharedBoundaries() {
		CompositeArchRule.of(ArchitectureRules.featuresFreeOfCycles(GATEWAY))
			.and(ArchitectureRules.domainIndependentOfAdapters(GATEWAY))
			.and(ArchitectureRules.noOtherService(GATEWAY))
			.check(CLASSES);
	}

	@Test
	void keysAndTokensUseHttpOnlyInTheirControllers() {
		noClasses().that()
			.resideInAnyPackage("..gateway.apikey..", "..gateway.token..")
			.and()
			.haveSimpleNameNotEndingWith("Controller")
			.and()
			.doNotHaveSimpleName("Caller")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ArchitectureRules.WEB_TYPES.toArray(String[]::new))
			.check(CLASSES);
	}

	@Test
	void routingAndApiKeysDoNotDependOnTheEdge() {
		noClasses().that()
			.resideInAnyPackage("..gateway.routing..", "..gateway.apikey..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..gateway.edge..")
			.check(CLASSES);
	}

	@Test
	void theClientLibraryNeedsNoSpring() {
		ArchitectureRules.springFree("io.numshield.client").check(ArchitectureRules.importMain("io.numshield.client"));
	}

}
