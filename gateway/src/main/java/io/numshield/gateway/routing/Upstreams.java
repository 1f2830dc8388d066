package io.numshield.gateway.routing;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every service's instances, shared by both proxy paths (Gateway MVC's and the hot path's
 * {@link AsyncProxy}), so that an instance one path found down is skipped by the other as
 * well.
 */
final class Upstreams {

	private final Map<Service, ServiceInstances> instances = new EnumMap<>(Service.class);

	Upstreams(ServiceProperties services, ProxyProperties proxy) {
		for (Service service : Service.values()) {
			instances.put(service,
					new ServiceInstances(services.of(service), proxy.instanceDownFor(), System::nanoTime));
		}
	}

	ServiceInstances of(Service service) {
		return instances.get(service);
	}

}
