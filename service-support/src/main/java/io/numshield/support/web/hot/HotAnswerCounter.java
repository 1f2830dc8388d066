package io.numshield.support.web.hot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * Counts every answer of the hot endpoints by method, endpoint and status
 * ({@value #METER}), whichever path answered it: the hot filter, or Spring MVC for what
 * the hot filter left to it. Spring's {@code http.server.requests} never sees what a hot
 * filter answers, so without this a 5xx on a route or a bind was invisible to the error
 * rate alerts. Registered ahead of the hot filter; an asynchronous answer is counted when
 * its request completes, with the status it went out with. Per request: one look-up of a
 * counter made once, and for an asynchronous answer one listener.
 */
public final class HotAnswerCounter implements Filter {

	/**
	 * The counter's name; tags {@code method}, {@code uri} (the template),
	 * {@code status}.
	 */
	public static final String METER = "http.hot.answers";

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

	private static final String OTHER = "other";

	private final MeterRegistry meters;

	private final List<String> templates;

	private final Map<Long, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * @param meters where the counters are registered
	 * @param templates the endpoints this filter is registered for: exact paths, or a
	 * prefix ending in one variable segment ({@code /v1/bindings/{bindingId}}); any other
	 * path is counted as {@code other}
	 */
	public HotAnswerCounter(MeterRegistry meters, String... templates) {
		this.meters = meters;
		this.templates = List.of(templates);
	}

	/**
	 * The counter as a filter ahead of every other ({@code HIGHEST_PRECEDENCE}; the hot
	 * filters come after it) for these endpoints: a variable segment becomes {@code *}.
	 */
	public static FilterRegistrationBean<HotAnswerCounter> registration(MeterRegistry meters, String... templates) {
		FilterRegistrationBean<HotAnswerCounter> registration = new FilterRegistrationBean<>(
				new HotAnswerCounter(meters, templates));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		for (String template : templates) {
			int variable = template.indexOf('{');
			registration.addUrlPatterns(variable < 0 ? template : template.substring(0, variable) + "*");
		}
		return registration;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		chain.doFilter(req, res);
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
			return;
		}
		if (request.isAsyncStarted()) {
			// still inside the dispatch that started it: the listener is in time even if
			// the answer was written meanwhile, since the container completes the request
			// only after this dispatch returns
			request.getAsyncContext()
				.addListener(new Completion(this, request.getMethod(), request.getRequestURI(), response));
		}
		else {
			count(request.getMethod(), request.getRequestURI(), response.getStatus());
		}
	}

	void count(String method, String path, int status) {
		int uri = uriSlot(path);
		int verb = METHODS.indexOf(method);
		long key = ((long) uri << 40) | ((long) (verb + 1) << 20) | status;
		Counter counter = counters.get(key);
		if (counter == null) {
			counter = counters.computeIfAbsent(key,
					k -> Counter.builder("http.hot.answers")
						.tag("method", verb < 0 ? OTHER : method)
						.tag("uri", uri < templates.size() ? templates.get(uri) : OTHER)
						.tag("status", Integer.toString(status))
						.description("answers of the hot endpoints, either path, by status")
						.register(meters));
		}
		counter.increment();
	}

	/** The index of the template {@code path} fits, or the list's size for none. */
	int uriSlot(String path) {
		for (int i = 0; i < templates.size(); i++) {
			String template = templates.get(i);
			int variable = template.indexOf('{');
			if (variable < 0) {
				if (template.equals(path)) {
					return i;
				}
			}
			else if (path.length() > variable && path.startsWith(template.substring(0, variable))
					&& path.indexOf('/', variable) < 0) {
				return i;
			}
		}
		return templates.size();
	}

	/** Counts an asynchronous answer once its request completed. */
	private record Completion(HotAnswerCounter counter, String method, String path,
			HttpServletResponse response) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			counter.count(method, path, response.getStatus());
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
