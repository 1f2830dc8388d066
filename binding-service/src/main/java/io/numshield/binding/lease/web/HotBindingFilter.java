package io.numshield.binding.lease.web;

import io.numshield.binding.lease.BindingRequest;
import io.numshield.binding.lease.BindingService;
import io.numshield.binding.lease.IdempotentCreates;
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
import java.util.Collections;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;

import tools.jackson.databind.ObjectWriter;

/**
 * The hot path of {@code POST /v1/bindings}, {@code GET} and {@code DELETE
 * /v1/bindings/{id}} (issue 10, line rate; ADR 0007): what {@link BindingController}
 * does, before Spring Security's filter chain and Spring MVC, by hand and in the same
 * order. The token and the PLATFORM role ({@link BearerAuthentication}), the platform the
 * token names, the body as MVC binds and validates it ({@link JsonBody}), the
 * {@code Idempotency-Key}, then the same {@link IdempotentCreates} and
 * {@link BindingService} steps through their asynchronous variants; each refusal the
 * problem document {@link ProblemAdvice} or the security chain writes
 * ({@link HotAnswers}). The lease, read or release script's callback writes the answer:
 * 201 with the binding, 200 with it, 204.
 * <p>
 * Only the plain request is taken ({@link HotRequests}): the exact path, an id of letters
 * and digits only (what the path variable decodes to unchanged), no query, a JSON body of
 * a small length, at most one non-empty {@code Idempotency-Key}. Anything else (a listing
 * by order, a change, an id MVC would decode or refuse otherwise) goes down the chain to
 * {@link BindingController}, which answers it as it always did.
 */
final class HotBindingFilter implements Filter {

	static final String PATH = "/v1/bindings";

	private static final Pattern ONE_BINDING = Pattern.compile("/v1/bindings/[A-Za-z0-9]{1,32}");

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final BearerAuthentication authentication;

	private final JsonBody<BindingRequest> requests;

	private final ObjectWriter writer;

	private final IdempotentCreates creates;

	private final BindingService bindings;

	HotBindingFilter(BearerAuthentication authentication, JsonBody<BindingRequest> requests, ObjectWriter writer,
			IdempotentCreates creates, BindingService bindings) {
		this.authentication = authentication;
		this.requests = requests;
		this.writer = writer;
		this.creates = creates;
		this.bindings = bindings;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (takesCreate(request)) {
			// the plain create only (see the class comment); anything else has gone down
			// the chain
			byte[] body = HotRequests.jsonBodyOrChain(request, res, chain);
			if (body == null) {
				return;
			}
			answer(request, response, jwt -> {
				// MVC's order: the body, then the platform the token names
				BindingRequest create = requests.read(body);
				return creates.createAsync(BindingController.platform(jwt), create, request.getHeader(IDEMPOTENCY_KEY));
			}, HttpStatus.CREATED);
		}
		else if (takesOne(request, "GET")) {
			answer(request, response, jwt -> bindings.getAsync(BindingController.platform(jwt), id(request)),
					HttpStatus.OK);
		}
		else if (takesOne(request, "DELETE")) {
			answer(request, response, jwt -> bindings.releaseAsync(BindingController.platform(jwt), id(request)),
					HttpStatus.NO_CONTENT);
		}
		else {
			chain.doFilter(req, res);
		}
	}

	/**
	 * A create with no key or one that MVC would bind as it is (given once, not empty).
	 */
	static boolean takesCreate(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI())) {
			return false;
		}
		String key = request.getHeader(IDEMPOTENCY_KEY);
		return key == null || !key.isEmpty() && Collections.list(request.getHeaders(IDEMPOTENCY_KEY)).size() == 1;
	}

	static boolean takesOne(HttpServletRequest request, String method) {
		return method.equals(request.getMethod()) && ONE_BINDING.matcher(request.getRequestURI()).matches()
				&& HotRequests.plain(request);
	}

	private static String id(HttpServletRequest request) {
		return request.getRequestURI().substring(PATH.length() + 1);
	}

	private <T> void answer(HttpServletRequest request, HttpServletResponse response,
			Function<Jwt, CompletionStage<T>> operation, HttpStatus status) throws IOException {
		authentication.answer(request, response, operation, (out, value) -> {
			if (status == HttpStatus.NO_CONTENT) {
				HotAnswers.noContent(out);
			}
			else {
				HotAnswers.write(out, status, MediaType.APPLICATION_JSON_VALUE, writer.writeValueAsBytes(value));
			}
		});
	}

}
