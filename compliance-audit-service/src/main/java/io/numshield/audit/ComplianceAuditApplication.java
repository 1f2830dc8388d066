package io.numshield.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * compliance-audit-service: every shard's event stream into an append-only, hash-chained
 * ledger.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ComplianceAuditApplication {

	public static void main(String[] args) {
		SpringApplication.run(ComplianceAuditApplication.class, args);
	}

}
