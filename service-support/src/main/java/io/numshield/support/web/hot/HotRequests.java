package io.numshield.support.web.hot;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Locale;

/**
 * Which requests a hot path takes: only the plain ones, whose answer does not depend on
 * anything the framework would negotiate. A first request (no error or async dispatch),
 * no query, an answer acceptable as JSON, no {@code Accept-Language} (Bean Validation
 * would localise its messages), and a container that lets the request go asynchronous; a
 * body, where there is one, is {@code application/json} (UTF-8) of at most
 * {@value #MAX_BODY} bytes. Anything else goes down the chain to the MVC controller,
 * which keeps its exact answers (415, 406, a query's 400) without the hot path repeating
 * the framework's rules.
 */
public final class HotRequests {

	/** The largest body a hot path takes; every hot request is a few hundred bytes. */
	public static final int MAX_BODY = 8192;

	private HotRequests() {
	}

	/**
	 * The plain request without a body: {@code GET} or {@code DELETE} of one resource.
	 */
	public static boolean plain(HttpServletRequest request) {
		return request.getDispatcherType() == DispatcherType.REQUEST && request.getQueryString() == null
				&& acceptsJson(request.getHeader("Accept")) && request.getHeader("Accept-Language") == null
				&& request.isAsyncSupported();
	}

	/**
	 * The plain request with a JSON body of a known small length, or of unknown length
	 * (chunked).
	 */
	public static boolean plainWithJsonBody(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		return plain(request) && length >= -1 && length <= MAX_BODY && plainJson(request.getContentType());
	}

	public static boolean plainJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "");
		return type.equals("application/json") || type.equals("application/json;charset=utf-8");
	}

	public static boolean acceptsJson(String accept) {
		return accept == null || accept.equals("*/*") || accept.equals("application/json")
				|| accept.equals("application/*");
	}

	/**
	 * The body of a plain {@code POST} of JSON to {@code path}
	 * ({@link #jsonBodyOrChain}), for the hot path to answer; {@code null} once any other
	 * request has gone down the chain.
	 */
	public static byte[] jsonPostOrChain(String path, ServletRequest request, ServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		if (!"POST".equals(http.getMethod()) || !path.equals(http.getRequestURI())) {
			chain.doFilter(request, response);
			return null;
		}
		return jsonBodyOrChain(http, response, chain);
	}

	/**
	 * The body of a plain request with a JSON body ({@link #plainWithJsonBody}), for the
	 * hot path to answer; {@code null} once the request has gone down the chain instead:
	 * not plain, or a body of unknown length (chunked, what the gateway's proxy sends)
	 * over {@link #MAX_BODY}, handed on whole with {@link ReplayedBody}.
	 */
	public static byte[] jsonBodyOrChain(HttpServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!plainWithJsonBody(request)) {
			chain.doFilter(request, response);
			return null;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
		if (body.length > MAX_BODY) {
			chain.doFilter(new ReplayedBody(request, body), response);
			return null;
		}
		return body;
	}

}
