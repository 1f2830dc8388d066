package io.numshield.routing.route.web;

import io.numshield.routing.route.RouteRequest;
import io.numshield.routing.route.RoutingService;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ProblemAdvice;
import io.numshield.support.web.hot.BearerAuthentication;
import io.numshield.support.web.hot.HotAnswers;
import io.numshield.support.web.hot.HotRequests;
import io.numshield.support.web.hot.JsonBody;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.ObjectWriter;

/**
 * The hot path of {@code POST /v1/call-routes} (issue 10, line rate; ADR 0007): the
 * carrier's question at every call set-up, answered before Spring Security's filter chain
 * and Spring MVC, whose per-request machinery (authentication objects, argument
 * resolution, observations) took most of the service's CPU on this endpoint (ADR 0007).
 * The same rules in the same order, by hand: the token and the CARRIER role
 * ({@link BearerAuthentication}), the body as MVC binds and validates it
 * ({@link JsonBody}), the carrier scope, the routing script, each refusal the same
 * problem document as {@link ProblemAdvice} or the security chain writes
 * ({@link HotAnswers}). No thread waits for Redis: the request goes asynchronous and the
 * script's callback writes the answer.
 * <p>
 * Only the plain request is taken ({@link HotRequests}): exact path, no query, JSON of at
 * most {@value HotRequests#MAX_BODY} bytes (a chunked body, as the gateway's proxy sends
 * it, is read here up to that bound and handed on whole when longer). Anything else goes
 * down the chain to {@link RouteController}, which answers it as it always did.
 */
final class HotRouteFilter implements Filter {

	static final String PATH = "/v1/call-routes";

	private final BearerAuthentication authentication;

	private final JsonBody<RouteRequest> questions;

	private final ObjectWriter writer;

	private final CarrierScope scope;

	private final RoutingService routing;

	HotRouteFilter(BearerAuthentication authentication, JsonBody<RouteRequest> questions, ObjectWriter writer,
			CarrierScope scope, RoutingService routing) {
		this.authentication = authentication;
		this.questions = questions;
		this.writer = writer;
		this.scope = scope;
		this.routing = routing;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		// the plain question only (see the class comment); anything else has gone down
		// the chain
		byte[] body = HotRequests.jsonPostOrChain(PATH, req, res, chain);
		if (body != null) {
			route((HttpServletRequest) req, (HttpServletResponse) res, body);
		}
	}

	private void route(HttpServletRequest request, HttpServletResponse response, byte[] body) throws IOException {
		authentication.answer(request, response, jwt -> {
			RouteRequest question = questions.read(body);
			CallerIdentity caller = CallerIdentity.from(jwt);
			scope.check(caller, question.dialed().number());
			return routing.routeAsync(question).thenApply(routed -> {
				scope.answered(caller, "CONNECT".equals(routed.action()));
				return routed;
			});
		}, (out, routed) -> HotAnswers.write(out, HttpStatus.OK, MediaType.APPLICATION_JSON_VALUE,
				writer.writeValueAsBytes(routed)));
	}

}
