package io.numshield.routing.route.web;

import io.numshield.routing.route.RouteAnswer;
import io.numshield.routing.route.RouteRequest;
import io.numshield.routing.route.RoutingService;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/call-routes}: 200 with CONNECT or REJECT; 400 only for malformed questions. */
@RestController
class RouteController {

	private final RoutingService routing;

	RouteController(RoutingService routing) {
		this.routing = routing;
	}

	@PostMapping("/v1/call-routes")
	RouteAnswer route(@Valid @RequestBody RouteRequest request) {
		return routing.route(request);
	}
}
