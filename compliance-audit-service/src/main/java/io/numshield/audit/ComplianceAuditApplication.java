package io.numshield.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Compliance audit: the append-only, hash-chained ledger regulators trace (filled by the audit issue). */
@SpringBootApplication
public class ComplianceAuditApplication {

	public static void main(String[] args) {
		SpringApplication.run(ComplianceAuditApplication.class, args);
	}
}
