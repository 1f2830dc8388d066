package io.numshield.routing.route.web;

import io.numshield.routing.route.RouteAnswer;
import io.numshield.routing.route.RouteRequest;
import io.numshield.routing.route.RoutingService;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.security.CallerIdentity;

import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/call-routes}: 200 with CONNECT or REJECT; 400 for malformed questions;
 * 403 OUT_OF_SCOPE for a number outside the carrier's pools and 429 RATE_LIMITED past its
 * budget, both decided before the routing script runs.
 */
@RestController
class RouteController {

	private final RoutingService routing;

	private final CarrierScope scope;

	RouteController(RoutingService routing, CarrierScope scope) {
		this.routing = routing;
		this.scope = scope;
	}

	@PostMapping("/v1/call-routes")
	RouteAnswer route(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody RouteRequest request) {
		CallerIdentity caller = CallerIdentity.from(jwt);
		scope.check(caller, request.dialed().number());
		RouteAnswer answer = routing.route(request);
		scope.answered(caller, "CONNECT".equals(answer.action()));
		return answer;
	}

}
