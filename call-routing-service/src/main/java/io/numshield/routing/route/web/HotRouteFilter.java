package io.numshield.routing.route.web;

import io.numshield.core.number.InvalidPhoneNumberException;
import io.numshield.core.number.InvalidVirtualNumberException;
import io.numshield.core.number.VirtualNumber;
import io.numshield.routing.route.RouteAnswer;
import io.numshield.routing.route.RouteRequest;
import io.numshield.routing.route.RoutingService;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import io.numshield.support.web.ProblemAdvice;
import io.numshield.support.web.Problems;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * The hot path of {@code POST /v1/call-routes} (issue 10, line rate; ADR 0007): the carrier's question
 * at every call set-up, answered before Spring Security's filter chain and Spring MVC, whose
 * per-request machinery (authentication objects, argument resolution, observations) cost about
 * 70 % of the service's CPU on this endpoint. The same rules in the same order, by hand: the token
 * through the security chain's own (caching) {@link JwtDecoder}, then the role, the body with the
 * MVC's own JSON mapper (text rules included), Bean Validation, the carrier scope, the routing
 * script, each refusal the same problem document as {@link ProblemAdvice} or the security chain
 * writes. No thread waits for Redis: the request goes asynchronous and the script's callback
 * writes the answer.
 * <p>
 * Only the plain request is taken: exact path, no query, {@code application/json} (UTF-8) with a
 * body of at most {@value #MAX_BODY} bytes (a chunked body, as the gateway's proxy sends it, is read
 * here up to that bound and handed on whole when longer), JSON or anything acceptable, no
 * {@code Accept-Language} (Bean Validation would localise its messages). Anything else goes down the
 * chain to {@link RouteController}, which answers it as it always did: the unusual requests keep
 * their exact answers (415, 406, a query's 400) without this class repeating the framework's rules.
 */
final class HotRouteFilter implements Filter {

	static final String PATH = "/v1/call-routes";

	/** The largest body taken here; a valid question is a few hundred bytes. */
	static final int MAX_BODY = 8192;

	/** Tomcat's own default: Redisson gives up on a lost Redis well before (timeout × retries). */
	static final long ASYNC_TIMEOUT_MILLIS = 30_000;

	private static final Logger log = LoggerFactory.getLogger(HotRouteFilter.class);

	/** Spring Security's {@code DefaultBearerTokenResolver} pattern: anything else is no token. */
	private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private static final String UNAUTHENTICATED = "a valid internal token is required";

	private static final String WRONG_ROLE = "this role may not call this endpoint";

	private final JwtDecoder decoder;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	private final Validator validator;

	private final CarrierScope scope;

	private final RoutingService routing;

	HotRouteFilter(JwtDecoder decoder, ObjectReader reader, ObjectWriter writer, Validator validator,
			CarrierScope scope, RoutingService routing) {
		this.decoder = decoder;
		this.reader = reader;
		this.writer = writer;
		this.validator = validator;
		this.scope = scope;
		this.routing = routing;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		if (!takes(request)) {
			chain.doFilter(req, res);
			return;
		}
		// a body of unknown length (chunked: what the gateway's proxy sends) is read here, up to the bound
		byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
		if (body.length > MAX_BODY) {
			chain.doFilter(new ReplayedBody(request, body), res);
			return;
		}
		route(request, (HttpServletResponse) res, body);
	}

	/** The plain question only; see the class comment. */
	static boolean takes(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		return request.getDispatcherType() == DispatcherType.REQUEST && "POST".equals(request.getMethod())
				&& PATH.equals(request.getRequestURI()) && request.getQueryString() == null && length >= -1
				&& length <= MAX_BODY && plainJson(request.getContentType()) && acceptsJson(request.getHeader("Accept"))
				&& request.getHeader("Accept-Language") == null && request.isAsyncSupported();
	}

	static boolean plainJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "");
		return type.equals("application/json") || type.equals("application/json;charset=utf-8");
	}

	static boolean acceptsJson(String accept) {
		return accept == null || accept.equals("*/*") || accept.equals("application/json") || accept.equals("application/*");
	}

	private void route(HttpServletRequest request, HttpServletResponse response, byte[] body) throws IOException {
		Jwt jwt = authenticate(request, response);
		if (jwt == null) {
			return;
		}
		if (!"CARRIER".equals(jwt.getClaimAsString("role"))) {
			securityRefusal(response, HttpStatus.FORBIDDEN, "FORBIDDEN", WRONG_ROLE);
			return;
		}
		CompletionStage<RouteAnswer> answer;
		CallerIdentity caller;
		try {
			RouteRequest question = read(body);
			caller = CallerIdentity.from(jwt);
			scope.check(caller, VirtualNumber.parse(question.called()));
			answer = routing.routeAsync(question);
		}
		catch (RuntimeException refused) {
			problem(request, response, refused);
			return;
		}
		answerLater(request, response, caller, answer);
	}

	/** The token as the security chain checks it; {@code null} once the 401 (or a 500) is written. */
	private Jwt authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String header = request.getHeader("Authorization");
		Matcher bearer = header == null ? null : BEARER.matcher(header);
		if (bearer == null || !bearer.matches()) {
			securityRefusal(response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", UNAUTHENTICATED);
			return null;
		}
		try {
			return decoder.decode(bearer.group("token"));
		}
		catch (BadJwtException invalid) {
			securityRefusal(response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", UNAUTHENTICATED);
			return null;
		}
		catch (RuntimeException keysUnavailable) {
			// as Spring Security: a decoder that could not judge the token (keys unreachable) is not the caller's fault
			problem(request, response, keysUnavailable);
			return null;
		}
	}

	/** The body, as MVC would bind and validate it: the same mapper (text rules included), the same messages. */
	private RouteRequest read(byte[] body) {
		RouteRequest question;
		try {
			question = body.length == 0 ? null : reader.readValue(body);
		}
		catch (JacksonException unreadable) {
			String textRule = ProblemAdvice.textRuleViolation(unreadable);
			throw invalid(textRule != null ? textRule : ProblemAdvice.UNREADABLE);
		}
		if (question == null) {
			throw invalid(ProblemAdvice.UNREADABLE);
		}
		Set<ConstraintViolation<RouteRequest>> violations = validator.validate(question);
		if (!violations.isEmpty()) {
			throw invalid(violations.stream()
				.map(v -> v.getPropertyPath() + " " + v.getMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		}
		return question;
	}

	private static ApiException invalid(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

	/** Frees the request thread; the script's callback (a Redisson thread) writes the answer. */
	private void answerLater(HttpServletRequest request, HttpServletResponse response, CallerIdentity caller,
			CompletionStage<RouteAnswer> answer) {
		AsyncContext async = request.startAsync();
		async.setTimeout(ASYNC_TIMEOUT_MILLIS);
		AtomicBoolean done = new AtomicBoolean();
		String method = request.getMethod();
		async.addListener(new TimeoutListener(done, method));
		answer.whenComplete((routed, failure) -> {
			if (!done.compareAndSet(false, true)) {
				return;
			}
			try {
				if (failure != null) {
					problem(method, response, failure instanceof CompletionException && failure.getCause() != null
							? failure.getCause() : failure);
				}
				else {
					scope.answered(caller, "CONNECT".equals(routed.action()));
					write(response, HttpStatus.OK, MediaType.APPLICATION_JSON_VALUE, writer.writeValueAsBytes(routed));
				}
			}
			catch (IOException | RuntimeException gone) {
				log.debug("route answer not written", gone);
			}
			finally {
				async.complete();
			}
		});
	}

	private void problem(HttpServletRequest request, HttpServletResponse response, Throwable failure) throws IOException {
		problem(request.getMethod(), response, failure);
	}

	/** {@link ProblemAdvice}'s answer to {@code failure}: the same status, code, detail, Retry-After and log line. */
	private static void problem(String method, HttpServletResponse response, Throwable failure) throws IOException {
		HttpStatus status;
		String code;
		String detail;
		if (failure instanceof ApiException api) {
			status = api.status();
			code = api.code();
			detail = api.getMessage();
			if (api.retryAfter() != null) {
				response.setHeader("Retry-After", Long.toString(Math.max(1, api.retryAfter().toSeconds())));
			}
		}
		else if (failure instanceof InvalidPhoneNumberException) {
			status = HttpStatus.BAD_REQUEST;
			code = "INVALID_PHONE_NUMBER";
			detail = failure.getMessage();
		}
		else if (failure instanceof InvalidVirtualNumberException) {
			status = HttpStatus.BAD_REQUEST;
			code = "INVALID_VIRTUAL_NUMBER";
			detail = failure.getMessage();
		}
		else {
			log.error("unexpected failure on {} {}", method, PATH, failure);
			status = HttpStatus.INTERNAL_SERVER_ERROR;
			code = "INTERNAL_ERROR";
			detail = "unexpected failure; it has been logged";
		}
		if (status.is4xxClientError()) {
			log.warn("{} {} -> {} {}", method, PATH, status.value(), code);
		}
		write(response, status, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				Problems.json(status, code, detail, PATH).getBytes(StandardCharsets.UTF_8));
	}

	/** The security chain's 401 and 403, written as its entry point and access-denied handler write them. */
	private static void securityRefusal(HttpServletResponse response, HttpStatus status, String code, String detail)
			throws IOException {
		securityHeaders(response);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write(Problems.json(status, code, detail, PATH));
	}

	private static void write(HttpServletResponse response, HttpStatus status, String contentType, byte[] body)
			throws IOException {
		securityHeaders(response);
		response.setStatus(status.value());
		response.setContentType(contentType);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** Spring Security's default response headers, which every answer of the MVC path carries. */
	private static void securityHeaders(HttpServletResponse response) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-XSS-Protection", "0");
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
		response.setHeader("Pragma", "no-cache");
		response.setHeader("Expires", "0");
		response.setHeader("X-Frame-Options", "DENY");
	}

	/**
	 * A request whose first bytes this filter has read already (a chunked body over {@link #MAX_BODY}):
	 * the MVC path gets them back, then the rest of the stream, as if nothing had been read.
	 */
	private static final class ReplayedBody extends HttpServletRequestWrapper {

		private final byte[] head;

		ReplayedBody(HttpServletRequest request, byte[] head) {
			super(request);
			this.head = head;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream rest = super.getInputStream();
			InputStream both = new SequenceInputStream(new ByteArrayInputStream(head), rest);
			return new ServletInputStream() {

				private boolean finished;

				@Override
				public int read() throws IOException {
					int next = both.read();
					finished = next < 0;
					return next;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int read = both.read(buffer, offset, length);
					finished = read < 0;
					return read;
				}

				@Override
				public boolean isFinished() {
					return finished;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the MVC path reads blocking");
				}
			};
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
		}
	}

	/** Redis never answered within the async timeout: a 500 logged once, unless the answer won the race. */
	private record TimeoutListener(AtomicBoolean done, String method) implements AsyncListener {

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (done.compareAndSet(false, true)) {
				problem(method, (HttpServletResponse) event.getSuppliedResponse(),
						new IllegalStateException("no routing answer within " + ASYNC_TIMEOUT_MILLIS + " ms"));
				event.getAsyncContext().complete();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			done.set(true);
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}
	}
}
