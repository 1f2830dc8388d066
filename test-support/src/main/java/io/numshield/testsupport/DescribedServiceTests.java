package io.numshield.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * docs/api/openapi.yaml describes exactly what a service's controllers serve, and every
 * problem code the service (with service-support) can answer. Each service's
 * {@code OpenApiDescriptionTests} extends this with its name in the description, its
 * package and its sources. When a test fails, the message names the (method, path) or
 * code and what to change in the description.
 */
public abstract class DescribedServiceTests {

	private final String service;

	private final String basePackage;

	private final String sources;

	private final String[] codesItMustFind;

	/** The description, for a service's own further checks. */
	protected final OpenApiContract description = OpenApiContract.load();

	/**
	 * @param service the service's name in the description
	 * ({@link OpenApiContract#SERVICES})
	 * @param basePackage where its controllers are
	 * @param sources its main sources, from the repository's root
	 * @param codesItMustFind codes the scan must find in its sources and
	 * service-support's (so that a scan that finds nothing cannot pass)
	 */
	protected DescribedServiceTests(String service, String basePackage, String sources, String... codesItMustFind) {
		this.service = service;
		this.basePackage = basePackage;
		this.sources = sources;
		this.codesItMustFind = codesItMustFind;
	}

	@Test
	void isAnOpenApi31DescriptionWithAServiceOnEveryOperation() {
		assertThat(this.description.formProblems()).isEmpty();
	}

	@Test
	void describesExactlyTheOperationsTheControllersServe() {
		assertThat(
				this.description.differencesFrom(this.service, OpenApiContract.controllerEndpoints(this.basePackage)))
			.isEmpty();
	}

	@Test
	void declaresEveryProblemCodeTheServiceCanAnswer() {
		var produced = OpenApiContract.problemCodesIn(this.description.repositoryRoot().resolve(this.sources),
				this.description.repositoryRoot().resolve("service-support/src/main/java"));
		assertThat(produced).containsKeys(this.codesItMustFind);
		assertThat(this.description.codesMissingFromDescription(produced)).isEmpty();
	}

}
