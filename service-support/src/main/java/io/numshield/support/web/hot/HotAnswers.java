package io.numshield.support.web.hot;

import io.numshield.core.number.InvalidPhoneNumberException;
import io.numshield.core.number.InvalidVirtualNumberException;
import io.numshield.core.problem.Refusal;
import io.numshield.support.trace.RequestTrace;
import io.numshield.support.trace.TraceParent;
import io.numshield.support.web.ProblemAdvice;
import io.numshield.support.web.Problems;
import io.numshield.support.web.StoreUnavailable;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes a hot path's answers as the MVC path writes them: every one with Spring
 * Security's default headers, a refusal as the problem document {@link ProblemAdvice}
 * makes of the same exception (same status, code, detail, {@code Retry-After} and log
 * line), and an answer that Redis gives later from its callback ({@link #later}), the
 * request thread freed meanwhile. A refusal carries the request's trace id: its valid
 * {@code traceparent}'s (the gateway always sends one), else a new one
 * ({@link TraceParent}), in the problem document and, around the call only, in the
 * logging context of its log line; an answer that is no refusal costs only the header's
 * look-up.
 */
public final class HotAnswers {

	/**
	 * Tomcat's own default: Redisson gives up on a lost Redis well before (timeout ×
	 * retries).
	 */
	public static final long ASYNC_TIMEOUT_MILLIS = 30_000;

	private static final Logger log = LoggerFactory.getLogger(HotAnswers.class);

	private HotAnswers() {
	}

	/** How a hot path writes its answer once it has it. */
	@FunctionalInterface
	public interface Success<T> {

		void write(HttpServletResponse response, T answer) throws IOException;

	}

	/**
	 * Frees the request thread; whoever completes {@code answer} (a Redis client's I/O
	 * thread) writes it, with {@code success} or, for a failure, as its problem document.
	 * No answer within {@value #ASYNC_TIMEOUT_MILLIS} ms is a 500, logged once, unless
	 * the answer wins the race.
	 */
	public static <T> void later(HttpServletRequest request, HttpServletResponse response, CompletionStage<T> answer,
			Success<T> success) {
		String method = request.getMethod();
		String path = request.getRequestURI();
		String traceparent = request.getHeader(TraceParent.HEADER);
		AsyncContext async = request.startAsync();
		async.setTimeout(ASYNC_TIMEOUT_MILLIS);
		AtomicBoolean done = new AtomicBoolean();
		async.addListener(new TimeoutListener(done, method, path, traceparent));
		answer.whenComplete((value, failure) -> {
			if (!done.compareAndSet(false, true)) {
				return;
			}
			try {
				if (failure != null) {
					problem(method, path, traceparent, response,
							failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
									: failure);
				}
				else {
					success.write(response, value);
				}
			}
			catch (IOException | RuntimeException gone) {
				log.debug("answer to {} {} not written", method, path, gone);
			}
			finally {
				async.complete();
			}
		});
	}

	/** {@link ProblemAdvice}'s answer to {@code failure} on this request. */
	public static void problem(HttpServletRequest request, HttpServletResponse response, Throwable failure)
			throws IOException {
		problem(request.getMethod(), request.getRequestURI(), request.getHeader(TraceParent.HEADER), response, failure);
	}

	/**
	 * {@link ProblemAdvice}'s answer to {@code failure}: the same status, code, detail,
	 * Retry-After and log line. Only what a service (not the MVC framework) throws is
	 * mapped here: the exceptions of MVC's own binding never reach a hot path, which
	 * reads and validates the body itself. {@code traceparent} is the request's header as
	 * sent (or {@code null}).
	 */
	public static void problem(String method, String path, @Nullable String traceparent, HttpServletResponse response,
			Throwable failure) throws IOException {
		String traceId = TraceParent.traceIdOrNew(traceparent);
		HttpStatus status;
		String code;
		String detail;
		Map<String, String> extensions = Map.of();
		if (failure instanceof Refusal refusal) {
			extensions = refusal.extensions();
			status = HttpStatus.valueOf(refusal.status());
			code = refusal.code().name();
			detail = refusal.getMessage();
			if (refusal.retryAfter() != null) {
				response.setHeader("Retry-After", Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
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
		else if (StoreUnavailable.matches(failure)) {
			status = HttpStatus.SERVICE_UNAVAILABLE;
			code = StoreUnavailable.CODE;
			detail = StoreUnavailable.DETAIL;
			response.setHeader("Retry-After", Long.toString(StoreUnavailable.RETRY_AFTER.toSeconds()));
			RequestTrace.logging(traceId,
					() -> log.warn("{} {} -> 503 {}: {}", method, path, code, StoreUnavailable.describe(failure)));
		}
		else {
			RequestTrace.logging(traceId, () -> log.error("unexpected failure on {} {}", method, path, failure));
			status = HttpStatus.INTERNAL_SERVER_ERROR;
			code = "INTERNAL_ERROR";
			detail = "unexpected failure; it has been logged";
		}
		if (status.is4xxClientError()) {
			HttpStatus refused = status;
			String refusedCode = code;
			RequestTrace.logging(traceId, () -> log.warn("{} {} -> {} {}", method, path, refused.value(), refusedCode));
		}
		write(response, status, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				Problems.json(status.value(), code, detail, path, traceId, extensions)
					.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The security chain's 401 and 403, written as its entry point and access-denied
	 * handler write them. As bytes in UTF-8, as every JSON answer: through the servlet's
	 * writer they went out labelled {@code charset=ISO-8859-1}, the container's default
	 * (e2e's OpenApiAnswersIT).
	 */
	static void securityRefusal(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String code, String detail, String path) throws IOException {
		write(response, status, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				Problems
					.json(status.value(), code, detail, path,
							TraceParent.traceIdOrNew(request.getHeader(TraceParent.HEADER)))
					.getBytes(StandardCharsets.UTF_8));
	}

	/** An answer with a body, as a message converter writes it. */
	public static void write(HttpServletResponse response, HttpStatus status, String contentType, byte[] body)
			throws IOException {
		securityHeaders(response);
		response.setStatus(status.value());
		response.setContentType(contentType);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** {@code 204 No Content}, as a {@code void} handler with that status answers. */
	public static void noContent(HttpServletResponse response) {
		securityHeaders(response);
		response.setStatus(HttpStatus.NO_CONTENT.value());
	}

	/**
	 * Spring Security's default response headers, which every answer of the MVC path
	 * carries.
	 */
	private static void securityHeaders(HttpServletResponse response) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-XSS-Protection", "0");
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
		response.setHeader("Pragma", "no-cache");
		response.setHeader("Expires", "0");
		response.setHeader("X-Frame-Options", "DENY");
	}

	/**
	 * Redis never answered within the async timeout: a 500 logged once, unless the answer
	 * won the race.
	 */
	private record TimeoutListener(AtomicBoolean done, String method, String path,
			@Nullable String traceparent) implements AsyncListener {

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (done.compareAndSet(false, true)) {
				problem(method, path, traceparent, (HttpServletResponse) event.getSuppliedResponse(),
						new IllegalStateException("no answer within " + ASYNC_TIMEOUT_MILLIS + " ms"));
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
