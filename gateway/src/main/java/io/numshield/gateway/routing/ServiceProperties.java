package io.numshield.gateway.routing;

import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services are.
 *
 * @param binding binding-service base URI ({@code NUMSHIELD_GATEWAY_SERVICES_BINDING})
 * @param callRouting call-routing-service base URI ({@code NUMSHIELD_GATEWAY_SERVICES_CALL_ROUTING})
 * @param complianceAudit compliance-audit-service base URI ({@code NUMSHIELD_GATEWAY_SERVICES_COMPLIANCE_AUDIT})
 */
@Validated
@ConfigurationProperties("numshield.gateway.services")
record ServiceProperties(@DefaultValue("http://127.0.0.1:8081") @NotNull URI binding,
		@DefaultValue("http://127.0.0.1:8082") @NotNull URI callRouting,
		@DefaultValue("http://127.0.0.1:8083") @NotNull URI complianceAudit) {

	URI of(Service service) {
		return switch (service) {
			case BINDING -> binding;
			case CALL_ROUTING -> callRouting;
			case COMPLIANCE_AUDIT -> complianceAudit;
		};
	}
}
