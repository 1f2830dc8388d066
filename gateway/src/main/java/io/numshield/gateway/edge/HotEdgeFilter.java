package io.numshield.gateway.edge;

import io.numshield.gateway.routing.AsyncProxy;
import io.numshield.gateway.routing.ContractRoute;
import io.numshield.gateway.routing.ProxyAnswer;
import io.numshield.gateway.routing.RouteTable;
import io.numshield.support.trace.RequestTrace;
import io.numshield.support.trace.TraceParent;
import io.numshield.support.web.Problems;
import io.numshield.support.web.StoreUnavailable;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path of the edge (issue 10, point 6; ADR 0004, "Issue 10: the hot edge"): the
 * hot endpoints ({@code POST /v1/call-routes}, {@code POST /v1/call-events},
 * {@code POST /v1/bindings}, {@code GET} and {@code DELETE /v1/bindings/{id}}), asked
 * plainly, are checked and forwarded here, at the head of Tomcat's filter chain, without
 * Spring MVC's dispatch, Gateway MVC's handler or the request's observation. The checks
 * are {@link EdgeCheck}'s, the same as the MVC path's, in the same order with the same
 * answers and meters; only the nonce and rate script runs through the pipelined script
 * connection's asynchronous API (ADR 0009), and the request goes on through
 * {@link AsyncProxy}, so that no thread waits for Redis or the service: the answer is
 * written from the client's callback ({@link AsyncContext}). The request thread still
 * reads the body (a declared length of at most {@code max-body-size}, normally in the
 * first packet) and checks the signature.
 * <p>
 * Anything unusual goes down the chain to {@link SignedRequestFilter} and Gateway MVC
 * unchanged, before a byte of the body is read: another path or method, a query, a body
 * without a declared length (chunked) or longer than the limit, {@code Expect}, an error
 * or async dispatch. An {@code Upgrade: h2c} (the JDK client's default) is not unusual:
 * Tomcat here speaks HTTP/1.1 only and ignores it, and like every hop-by-hop header it is
 * not forwarded, as on the MVC path.
 * <p>
 * The trace: a valid {@code traceparent} ({@link TraceParent}) goes on to the service as
 * sent, with its {@code tracestate}; a missing or malformed one is replaced by a new one
 * (and its {@code tracestate} dropped), so that the service's log lines and problem
 * documents carry the trace id the gateway's own refusals and log lines carry; every
 * answer names it in {@code traceresponse}. Nothing else of tracing runs here: no span,
 * no observation.
 */
final class HotEdgeFilter implements Filter {

	private static final Logger log = LoggerFactory.getLogger(HotEdgeFilter.class);

	/** The URL patterns the filter is registered for; {@link #hot} decides exactly. */
	static final String[] URL_PATTERNS = { "/v1/call-routes", "/v1/call-events", "/v1/bindings", "/v1/bindings/*" };

	/**
	 * Longer than any answer may take: the Redis timeout plus the proxy's response
	 * timeout, which answer first.
	 */
	static final long ASYNC_TIMEOUT_MILLIS = 60_000;

	private static final String BINDING_PREFIX = "/v1/bindings/";

	private static final int MAX_ID = 128;

	private final EdgeCheck edge;

	private final RouteTable routes;

	private final AsyncProxy proxy;

	HotEdgeFilter(EdgeCheck edge, RouteTable routes, AsyncProxy proxy) {
		this.edge = edge;
		this.routes = routes;
		this.proxy = proxy;
	}

	/**
	 * Whether the hot path takes this request; decided from the request line and headers
	 * alone.
	 */
	boolean hot(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.REQUEST || !request.isAsyncSupported()
				|| request.getQueryString() != null || request.getHeader("Transfer-Encoding") != null
				|| request.getHeader("Expect") != null) {
			return false;
		}
		String path = request.getRequestURI();
		long length = request.getContentLengthLong();
		return switch (request.getMethod()) {
			case "POST" -> length >= 0 && length <= edge.maxBody() && (path.equals("/v1/call-routes")
					|| path.equals("/v1/call-events") || path.equals("/v1/bindings"));
			case "GET", "DELETE" ->
				length <= 0 && path.startsWith(BINDING_PREFIX) && plainId(path, BINDING_PREFIX.length());
			default -> false;
		};
	}

	/**
	 * One path segment of letters, digits, {@code -} and {@code _}: what binding ids are
	 * made of.
	 */
	private static boolean plainId(String path, int from) {
		int length = path.length() - from;
		if (length < 1 || length > MAX_ID) {
			return false;
		}
		for (int i = from; i < path.length(); i++) {
			char c = path.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
				|| !hot(request)) {
			chain.doFilter(req, res);
			return;
		}
		long started = System.nanoTime();
		String sent = request.getHeader(TraceParent.HEADER);
		boolean traced = TraceParent.valid(sent);
		String traceparent = traced ? sent : TraceParent.create();
		response.setHeader(TraceParent.RESPONSE_HEADER, traceparent);
		EdgeCheck.Checked verification = edge.verify(request);
		if (verification instanceof EdgeCheck.Refusal refusal) {
			edge.reply(response, refusal, TraceParent.traceId(traceparent));
			return;
		}
		EdgeCheck.Verified verified = (EdgeCheck.Verified) verification;
		String method = request.getMethod();
		List<Map.Entry<String, String>> headers = forwardedHeaders(request, traceparent, traced);
		AsyncContext async = request.startAsync();
		async.setTimeout(ASYNC_TIMEOUT_MILLIS);
		AtomicBoolean done = new AtomicBoolean();
		async.addListener(new Unanswered(done, verified.path(), traceparent));
		CompletionStage<ReplayAndRateGuard.Decision> checked;
		try {
			checked = edge.guardAsync(verified);
		}
		catch (RuntimeException refusedByTheClient) {
			// the request is asynchronous already: its answer must come from here, not
			// from a thrown exception
			checked = CompletableFuture.failedStage(refusedByTheClient);
		}
		checked.whenComplete((decision, failure) -> {
			if (failure != null) {
				finish(async, done,
						() -> unexpected(response, method, verified.path(), TraceParent.traceId(traceparent), failure));
				return;
			}
			EdgeCheck.Refusal limited = edge.afterGuard(decision, verified);
			ContractRoute route = routes.match(verified.path());
			if (limited != null || route == null) {
				EdgeCheck.Refusal refusal = limited != null ? limited : edge.notFound(verified);
				finish(async, done, () -> edge.reply(response, refusal, TraceParent.traceId(traceparent)));
				return;
			}
			forward(async, done, response, method, verified, route, headers, started, traceparent);
		});
	}

	private void forward(AsyncContext async, AtomicBoolean done, HttpServletResponse response, String method,
			EdgeCheck.Verified verified, ContractRoute route, List<Map.Entry<String, String>> headers, long started,
			String traceparent) {
		try {
			headers.add(Map.entry("Authorization", edge.bearerFor(verified, route.service())));
		}
		catch (RuntimeException ex) {
			finish(async, done,
					() -> unexpected(response, method, verified.path(), TraceParent.traceId(traceparent), ex));
			return;
		}
		edge.forwarded(started);
		boolean withBody = verified.body().length > 0 || method.equals("POST");
		proxy.forward(route.service(), method, verified.path(), headers, withBody ? verified.body() : null)
			.whenComplete((answer, failure) -> finish(async, done, () -> {
				if (failure != null) {
					String traceId = TraceParent.traceId(traceparent);
					RequestTrace.logging(traceId, () -> log.error("route {} to {} failed: {}", route.id(),
							route.service(), failure.toString()));
					Problems.write(response, 503, "SERVICE_UNAVAILABLE", "the service behind this path did not answer",
							verified.path(), traceId);
				}
				else {
					passBack(response, answer);
				}
			}));
	}

	/**
	 * The request's headers as {@link ForwardedRequest} shows them to Gateway MVC: every
	 * identity header removed ({@link ForwardedRequest#isIdentityHeader}); the internal
	 * token is added once the request has passed. {@code traceparent} in place of the one
	 * sent; the {@code tracestate} sent only with the {@code traceparent} it belongs to
	 * ({@code traced}).
	 */
	private static List<Map.Entry<String, String>> forwardedHeaders(HttpServletRequest request, String traceparent,
			boolean traced) {
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		headers.add(Map.entry(TraceParent.HEADER, traceparent));
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			if (ForwardedRequest.isIdentityHeader(name) || name.equalsIgnoreCase(TraceParent.HEADER)
					|| !traced && name.equalsIgnoreCase(TraceParent.STATE_HEADER)) {
				continue;
			}
			for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
				headers.add(Map.entry(name, values.nextElement()));
			}
		}
		return headers;
	}

	/**
	 * The service's answer as Gateway MVC passes it back: status, headers but the
	 * hop-by-hop ones, body.
	 */
	private static void passBack(HttpServletResponse response, ProxyAnswer answer) throws IOException {
		response.setStatus(answer.status());
		for (Map.Entry<String, String> header : answer.headers()) {
			response.addHeader(header.getKey(), header.getValue());
		}
		byte[] body = answer.body();
		if (body.length > 0) {
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		else if (answer.status() != 204 && answer.status() != 304) {
			response.setContentLength(0);
		}
	}

	/**
	 * What the MVC path answers to an exception thrown past every handler
	 * (service-support's {@code ProblemErrorController}): 503 {@code STORE_UNAVAILABLE}
	 * with {@code Retry-After} when Redis did not answer ({@link StoreUnavailable}), as
	 * the services answer it; else 500, logged.
	 */
	private static void unexpected(HttpServletResponse response, String method, String path, String traceId,
			Throwable failure) throws IOException {
		Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
				: failure;
		if (StoreUnavailable.matches(cause)) {
			RequestTrace.logging(traceId, () -> log.warn("{} {} -> 503 {}: {}", method, path, StoreUnavailable.CODE,
					StoreUnavailable.describe(cause)));
			Problems.writeStoreUnavailable(response, path, traceId);
			return;
		}
		RequestTrace.logging(traceId, () -> log.error("unexpected failure on {} {}", method, path, cause));
		Problems.write(response, 500, "INTERNAL_ERROR", "unexpected failure; it has been logged", path, traceId);
	}

	@FunctionalInterface
	private interface Answer {

		void write() throws IOException;

	}

	/**
	 * Writes the answer unless the timeout (or a gone client) came first, then completes
	 * the request.
	 */
	private static void finish(AsyncContext async, AtomicBoolean done, Answer answer) {
		if (!done.compareAndSet(false, true)) {
			return;
		}
		try {
			answer.write();
		}
		catch (IOException | RuntimeException gone) {
			log.debug("answer to {} not written", ((HttpServletRequest) async.getRequest()).getRequestURI(), gone);
		}
		finally {
			async.complete();
		}
	}

	/**
	 * Neither Redis nor the service answered in {@value #ASYNC_TIMEOUT_MILLIS} ms: 503,
	 * as the proxy's own timeout.
	 */
	private record Unanswered(AtomicBoolean done, String path, String traceparent) implements AsyncListener {

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (done.compareAndSet(false, true)) {
				String traceId = TraceParent.traceId(traceparent);
				RequestTrace.logging(traceId,
						() -> log.error("no answer for {} within {} ms", path, ASYNC_TIMEOUT_MILLIS));
				Problems.write((HttpServletResponse) event.getSuppliedResponse(), 503, "SERVICE_UNAVAILABLE",
						"the service behind this path did not answer", path, traceId);
				event.getAsyncContext().complete();
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			done.set(true);
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}
	}

}
