package io.numshield.support;

import io.numshield.testsupport.ArchitectureRules;

import org.junit.jupiter.api.Test;

/**
 * The shared boundaries (test-support's {@code ArchitectureRules}, ADR 0015), web types
 * allowed in {@code security} (the services' servlet security chain and its 401/403
 * documents) and {@code warmup} (a servlet filter that holds requests until the service
 * is warm, and the local calls that warm it): both are web layers by what they are.
 */
class ArchitectureTests {

	@Test
	void keepsTheSharedBoundaries() {
		ArchitectureRules.forService("io.numshield.support", "security", "warmup")
			.check(ArchitectureRules.importMain("io.numshield.support"));
	}

}
