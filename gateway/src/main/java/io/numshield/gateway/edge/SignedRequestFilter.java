package io.numshield.gateway.edge;

import io.numshield.gateway.apikey.Caller;
import io.numshield.gateway.routing.ContractRoute;
import io.numshield.gateway.routing.RouteTable;
import io.numshield.support.trace.TraceParent;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

import java.io.IOException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The edge in front of Spring Cloud Gateway MVC: every request the hot path
 * ({@link HotEdgeFilter}) leaves alone goes through {@link EdgeCheck}'s checks here, the
 * nonce and rate check blocking on this thread, then the route (404 outside the
 * contract). What passes goes on to the MVC routes (or the gateway's own controllers) as
 * a {@link ForwardedRequest}: identity headers removed, the query in the canonical form
 * that was signed, and an internal token for the owning service's audience in
 * {@code Authorization}, and the {@code traceparent} of the gateway's span of the request
 * (Micrometer Tracing continued the client's valid one, or began a trace), never a
 * malformed one as sent: Gateway MVC's client is not observed
 * ({@code management.observations.enable.http.client.requests: false}), so it would not
 * set one itself. Every answer names it in {@code traceresponse}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SignedRequestFilter extends OncePerRequestFilter {

	private final EdgeCheck edge;

	private final RouteTable routes;

	private final ObjectProvider<Tracer> tracer;

	SignedRequestFilter(EdgeCheck edge, RouteTable routes, ObjectProvider<Tracer> tracer) {
		this.edge = edge;
		this.routes = routes;
		this.tracer = tracer;
	}

	/**
	 * Paths the gateway answers itself (with the signed key as the caller) instead of
	 * forwarding.
	 */
	private static boolean ownPath(String path) {
		return path.equals("/v1/api-keys") || path.startsWith("/v1/api-keys/") || path.equals("/v1/tokens");
	}

	/**
	 * An unsigned path asked for without a query; with one, the checks refuse it (they
	 * take none).
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return EdgeCheck.unsigned(request) && (request.getQueryString() == null || request.getQueryString().isEmpty());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		String traceparent = traceparent(request);
		response.setHeader(TraceParent.RESPONSE_HEADER, traceparent);
		EdgeCheck.Verified verified;
		switch (edge.verify(request)) {
			case EdgeCheck.Refusal refusal -> {
				edge.reply(response, refusal, TraceParent.traceId(traceparent));
				return;
			}
			case EdgeCheck.Verified passed -> verified = passed;
		}
		EdgeCheck.Refusal limited = edge.afterGuard(edge.guard(verified), verified);
		if (limited != null) {
			edge.reply(response, limited, TraceParent.traceId(traceparent));
			return;
		}
		boolean own = ownPath(verified.path());
		ContractRoute route = own ? null : routes.match(verified.path());
		if (!own && route == null) {
			edge.reply(response, edge.notFound(verified), TraceParent.traceId(traceparent));
			return;
		}
		request.setAttribute(Caller.ATTRIBUTE, Caller.of(verified.key()));
		String bearer = own ? null : edge.bearerFor(verified, route.service());
		ForwardedRequest forwarded = new ForwardedRequest(request, verified.body(), bearer, verified.canonicalQuery(),
				traceparent);
		edge.forwarded(started);
		chain.doFilter(forwarded, response);
	}

	/**
	 * The current span's {@code traceparent}; without one (no tracer), the client's when
	 * valid, else a new one.
	 */
	private String traceparent(HttpServletRequest request) {
		Tracer current = tracer.getIfAvailable();
		TraceContext context = current == null ? null : current.currentTraceContext().context();
		if (context != null && TraceParent.validTraceId(context.traceId())) {
			String traceparent = "00-" + context.traceId() + "-" + context.spanId() + "-"
					+ (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
			if (TraceParent.valid(traceparent)) {
				return traceparent;
			}
		}
		return TraceParent.orNew(request.getHeader(TraceParent.HEADER));
	}

}
