package io.numshield.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The boundaries every service keeps, as ArchUnit rules over a module's base package (ADR
 * 0015). Each service's {@code ArchitectureTests} imports its own classes
 * ({@link #importMain}) and checks {@link #forService} (or the single rules, where one
 * must be narrowed for a reason it states); numshield-core's own rule is
 * {@link #springFree}. The rules speak of packages by their role: {@code ..web..} for
 * HTTP, {@code ..redis..}, {@code ..jdbc..}, {@code ..persistence..} for adapters, the
 * base package's direct children for features.
 */
public final class ArchitectureRules {

	/**
	 * The services' base packages: none may use another's (they share only numshield-core
	 * and service-support).
	 */
	public static final List<String> SERVICES = List.of("io.numshield.binding", "io.numshield.routing",
			"io.numshield.audit", "io.numshield.gateway");

	/**
	 * HTTP and servlet types: a request, a response, a status, a controller's
	 * annotations.
	 */
	public static final List<String> WEB_TYPES = List.of("jakarta.servlet..", "org.springframework.http..",
			"org.springframework.web..", "org.springframework.boot.webmvc..", "org.springframework.boot.web..");

	private static final String[] ADAPTERS = { "..redis..", "..jdbc..", "..persistence.." };

	private ArchitectureRules() {
	}

	/** A module's production classes, tests left out. */
	public static JavaClasses importMain(String basePackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(basePackage);
	}

	/**
	 * Every rule below for a service, as one rule that reports every violation:
	 * {@code webAlsoIn} names the packages besides {@code ..web..} (relative to the base)
	 * that may use web types.
	 */
	public static ArchRule forService(String basePackage, String... webAlsoIn) {
		return CompositeArchRule.of(featuresFreeOfCycles(basePackage))
			.and(webTypesOnlyInWeb(basePackage, webAlsoIn))
			.and(domainIndependentOfAdapters(basePackage))
			.and(noOtherService(basePackage));
	}

	/**
	 * No cycle between the base package's direct children (its features and its system
	 * package).
	 */
	public static ArchRule featuresFreeOfCycles(String basePackage) {
		return slices().matching(basePackage + ".(*)..")
			.should()
			.beFreeOfCycles()
			.because("a feature that needs another's inside takes it through a port, not back and forth");
	}

	/**
	 * Web types only in {@code ..web..} packages and in {@code alsoIn} (packages relative
	 * to the base, e.g. {@code "system"}, each with its subpackages): the domain answers
	 * with its own failures, which one advice maps to HTTP.
	 */
	public static ArchRule webTypesOnlyInWeb(String basePackage, String... alsoIn) {
		return webTypesOnlyInWeb(basePackage, List.of(alsoIn), List.of());
	}

	/**
	 * The same rule with {@code tolerated} web types (fully qualified class names)
	 * allowed anywhere: a module's stated, temporary exception (ADR 0015 lists them and
	 * why).
	 */
	public static ArchRule webTypesOnlyInWeb(String basePackage, List<String> alsoIn, List<String> tolerated) {
		String[] allowed = Stream
			.concat(Stream.of(basePackage + "..web.."), alsoIn.stream().map(p -> basePackage + "." + p + ".."))
			.toArray(String[]::new);
		return noClasses().that()
			.resideInAPackage(basePackage + "..")
			.and()
			.resideOutsideOfPackages(allowed)
			.should()
			.dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(WEB_TYPES.toArray(String[]::new))
				.and(DescribedPredicate.not(named(tolerated))))
			.because("HTTP is the web package's business; below it the domain names its failures itself");
	}

	/**
	 * Adapters ({@code ..redis..}, {@code ..jdbc..}, {@code ..persistence..}) depend on
	 * the domain, never the other way. The web adapter is an adapter too: it may use
	 * another (binding-service's warm-up prepares its synthetic state through the lease's
	 * Redis adapter).
	 */
	public static ArchRule domainIndependentOfAdapters(String basePackage) {
		return noClasses().that()
			.resideInAPackage(basePackage + "..")
			.and()
			.resideOutsideOfPackages(ADAPTERS)
			.and()
			.resideOutsideOfPackage(basePackage + "..web..")
			.and()
			.resideOutsideOfPackage(basePackage + ".system..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(Arrays.stream(ADAPTERS).map(a -> basePackage + a).toArray(String[]::new))
			.because("the domain owns its ports; the system package may wire adapters to them")
			.allowEmptyShould(true);
	}

	/** No class of one service uses another service's classes. */
	public static ArchRule noOtherService(String basePackage) {
		String[] others = SERVICES.stream()
			.filter(s -> !s.equals(basePackage))
			.map(s -> s + "..")
			.toArray(String[]::new);
		return noClasses().that()
			.resideInAPackage(basePackage + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(others)
			.because("services share numshield-core and service-support, never each other's code");
	}

	/**
	 * No Spring and no servlet types at all: numshield-core (ADR 0002) and
	 * numshield-client.
	 */
	public static ArchRule springFree(String basePackage) {
		return noClasses().that()
			.resideInAPackage(basePackage + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.servlet..")
			.because(
					"numshield-core and numshield-client are Spring-free, so every module, tool and platform can take them");
	}

	private static DescribedPredicate<JavaClass> named(List<String> names) {
		DescribedPredicate<JavaClass> any = DescribedPredicate.alwaysFalse();
		for (String name : names) {
			any = any.or(HasName.Predicates.name(name));
		}
		return any;
	}

}
