package io.numshield.audit;

import io.numshield.testsupport.ArchitectureRules;

import org.junit.jupiter.api.Test;

/** The shared boundaries (test-support's {@code ArchitectureRules}, ADR 0015). */
class ArchitectureTests {

	@Test
	void keepsTheSharedBoundaries() {
		ArchitectureRules.forService("io.numshield.audit").check(ArchitectureRules.importMain("io.numshield.audit"));
	}

}
