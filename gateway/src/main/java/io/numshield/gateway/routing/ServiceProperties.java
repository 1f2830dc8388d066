package io.numshield.gateway.routing;

import jakarta.validation.constraints.NotEmpty;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services are: each a comma-separated list of base URIs, one per instance (a
 * single URI is a list of one). Requests are spread over them round robin
 * ({@link ServiceInstances}).
 *
 * @param binding binding-service instances ({@code NUMSHIELD_GATEWAY_SERVICES_BINDING})
 * @param callRouting call-routing-service instances
 * ({@code NUMSHIELD_GATEWAY_SERVICES_CALL_ROUTING})
 * @param complianceAudit compliance-audit-service instances
 * ({@code NUMSHIELD_GATEWAY_SERVICES_COMPLIANCE_AUDIT})
 */
@Validated
@ConfigurationProperties("numshield.gateway.services")
record ServiceProperties(@DefaultValue("http://127.0.0.1:8081") @NotEmpty List<URI> binding,
		@DefaultValue("http://127.0.0.1:8082") @NotEmpty List<URI> callRouting,
		@DefaultValue("http://127.0.0.1:8083") @NotEmpty List<URI> complianceAudit) {

	List<URI> of(Service service) {
		return switch (service) {
			case BINDING -> binding;
			case CALL_ROUTING -> callRouting;
			case COMPLIANCE_AUDIT -> complianceAudit;
		};
	}
}
