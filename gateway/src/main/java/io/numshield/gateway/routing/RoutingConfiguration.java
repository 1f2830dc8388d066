package io.numshield.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.numshield.support.web.Problems;

import java.net.URI;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One Spring Cloud Gateway (Server MVC) route per {@link RouteTable} entry. Each request
 * goes to an instance of the route's service in {@link ServiceInstances#order()}, and to
 * the next where {@link Failover} allows (the body is in memory already, so it can be
 * sent again).
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

	@Bean
	RouteTable routeTable() {
		return RouteTable.contract();
	}

	@Bean
	RouterFunction<ServerResponse> contractRoutes(RouteTable table, Upstreams upstreams) {
		HandlerFunction<ServerResponse> proxy = http();
		RouterFunction<ServerResponse> all = null;
		for (ContractRoute r : table.routes()) {
			ServiceInstances instances = upstreams.of(r.service());
			RouterFunction<ServerResponse> one = route(r.id())
				.route(RequestPredicates.path(r.pattern()), request -> forward(instances, proxy, request))
				.onError(Exception.class, (ex, request) -> {
					log.error("route {} to {} failed: {}", r.id(), r.service(), ex.toString());
					return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
						.contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.body(Problems.json(503, "SERVICE_UNAVAILABLE", "the service behind this path did not answer",
								request.path()));
				})
				.build();
			all = all == null ? one : all.and(one);
		}
		return all;
	}

	/**
	 * Gateway MVC's proxy at each instance in turn until one answers or {@link Failover}
	 * says stop.
	 */
	static ServerResponse forward(ServiceInstances instances, HandlerFunction<ServerResponse> proxy,
			ServerRequest request) throws Exception {
		List<URI> order = instances.order();
		boolean idempotencyKey = request.headers().firstHeader("Idempotency-Key") != null;
		for (int i = 0;; i++) {
			URI base = order.get(i);
			MvcUtils.setRequestUrl(request, base);
			try {
				ServerResponse response = proxy.handle(request);
				instances.answered(base);
				return response;
			}
			catch (Exception ex) {
				Failover.Kind kind = Failover.kind(ex);
				if (kind == Failover.Kind.REFUSED) {
					instances.refused(base);
				}
				if (i + 1 >= order.size() || !Failover.io(ex)
						|| !Failover.mayRetry(kind, request.method().name(), idempotencyKey)) {
					throw ex;
				}
			}
		}
	}

}
