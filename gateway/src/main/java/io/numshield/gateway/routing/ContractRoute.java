package io.numshield.gateway.routing;

/**
 * One path pattern of the contract and the service that answers it.
 *
 * @param id unique route id (shows in logs and metrics)
 * @param pattern a Spring path pattern ({@code /v1/bindings/{bindingId}})
 */
public record ContractRoute(String id, String pattern, Service service) {
}
