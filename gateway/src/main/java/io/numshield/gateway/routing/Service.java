package io.numshield.gateway.routing;

/** The services behind the gateway. */
public enum Service {

	BINDING, CALL_ROUTING, COMPLIANCE_AUDIT

}
