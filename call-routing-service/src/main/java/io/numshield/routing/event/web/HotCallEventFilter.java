package io.numshield.routing.event.web;

import io.numshield.routing.event.CallEventRequest;
import io.numshield.routing.event.CallEventService;
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
 * The hot path of {@code POST /v1/call-events} (issue 10, line rate; ADR 0007): what
 * {@link CallEventController} does, before Spring Security's filter chain and Spring MVC,
 * by hand and in the same order. The token and the CARRIER role
 * ({@link BearerAuthentication}), the body as MVC binds and validates it
 * ({@link JsonBody}), the carrier scope, then the call-event script through Redisson's
 * async API, whose callback writes the 202; each refusal the problem document
 * {@link ProblemAdvice} or the security chain writes ({@link HotAnswers}). Only the plain
 * request is taken ({@link HotRequests}); anything else goes down the chain to
 * {@link CallEventController}.
 */
final class HotCallEventFilter implements Filter {

	static final String PATH = "/v1/call-events";

	private final BearerAuthentication authentication;

	private final JsonBody<CallEventRequest> events;

	private final ObjectWriter writer;

	private final CarrierScope scope;

	private final CallEventService service;

	HotCallEventFilter(BearerAuthentication authentication, JsonBody<CallEventRequest> events, ObjectWriter writer,
			CarrierScope scope, CallEventService service) {
		this.authentication = authentication;
		this.events = events;
		this.writer = writer;
		this.scope = scope;
		this.service = service;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		byte[] body = HotRequests.jsonPostOrChain(PATH, req, res, chain);
		if (body == null) {
			return;
		}
		HttpServletRequest request = (HttpServletRequest) req;
		authentication.answer(request, (HttpServletResponse) res, jwt -> {
			CallEventRequest event = events.read(body);
			scope.check(CallerIdentity.from(jwt), event.dialed().number());
			return service.recordAsync(event);
		}, (out, recorded) -> HotAnswers.write(out, HttpStatus.ACCEPTED, MediaType.APPLICATION_JSON_VALUE,
				writer.writeValueAsBytes(recorded)));
	}

}
