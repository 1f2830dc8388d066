package io.numshield.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.numshield.gateway.system.GatewayProblems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** One Spring Cloud Gateway (Server MVC) route per {@link RouteTable} entry. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

	@Bean
	RouteTable routeTable() {
		return RouteTable.contract();
	}

	@Bean
	RouterFunction<ServerResponse> contractRoutes(RouteTable table, ServiceProperties services) {
		RouterFunction<ServerResponse> all = null;
		for (ContractRoute r : table.routes()) {
			RouterFunction<ServerResponse> one = route(r.id())
				.route(RequestPredicates.path(r.pattern()), http())
				.before(uri(services.of(r.service())))
				.onError(Exception.class, (ex, request) -> {
					log.error("route {} to {} failed: {}", r.id(), r.service(), ex.toString());
					return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
						.contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.body(GatewayProblems.json(503, "SERVICE_UNAVAILABLE", "the service behind this path did not answer",
								request.path()));
				})
				.build();
			all = all == null ? one : all.and(one);
		}
		return all;
	}
}
