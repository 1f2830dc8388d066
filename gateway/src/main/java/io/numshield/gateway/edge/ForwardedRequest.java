package io.numshield.gateway.edge;

import io.numshield.support.trace.TraceParent;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request as it goes on: the body already read (and checked), every header that could
 * carry an identity removed, {@code Authorization} replaced by the internal token, and
 * {@code traceparent} by the gateway's (its {@code tracestate} only with the
 * {@code traceparent} it came with).
 */
final class ForwardedRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final String authorization;

	private final String query;

	private final String traceparent;

	/** Whether the client's {@code tracestate} belongs to the trace that goes on. */
	private final boolean sameTrace;

	ForwardedRequest(HttpServletRequest request, byte[] body, String authorization, String canonicalQuery,
			String traceparent) {
		super(request);
		this.body = body;
		this.authorization = authorization;
		this.query = canonicalQuery.isEmpty() ? null : canonicalQuery;
		this.traceparent = traceparent;
		String sent = request.getHeader(TraceParent.HEADER);
		this.sameTrace = TraceParent.valid(sent) && sent.regionMatches(3, traceparent, 3, 32);
	}

	/** A header replaced or hidden here: the trace's. */
	private boolean hidden(String name) {
		return isIdentityHeader(name) || !sameTrace && name.equalsIgnoreCase(TraceParent.STATE_HEADER);
	}

	/**
	 * The query as it was signed (canonical form): {@code a+b} and {@code a%2Bb} sign
	 * alike, so they must arrive alike too, and a servlet would read the first as
	 * {@code "a b"}.
	 */
	@Override
	public String getQueryString() {
		return query;
	}

	/**
	 * The parameters of the canonical query, decoded by RFC 3986 ({@code +} stays a
	 * plus): what the proxy sends on.
	 */
	@Override
	public Map<String, String[]> getParameterMap() {
		Map<String, List<String>> values = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				values.computeIfAbsent(decode(pair.substring(0, eq)), k -> new ArrayList<>())
					.add(decode(pair.substring(eq + 1)));
			}
		}
		Map<String, String[]> parameters = new LinkedHashMap<>();
		values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
		return Collections.unmodifiableMap(parameters);
	}

	@Override
	public String getParameter(String name) {
		String[] values = getParameterMap().get(name);
		return values == null ? null : values[0];
	}

	@Override
	public String[] getParameterValues(String name) {
		return getParameterMap().get(name);
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(getParameterMap().keySet());
	}

	/**
	 * The canonical query holds only well-formed %XX escapes of UTF-8 and unreserved
	 * characters.
	 */
	private static String decode(String encoded) {
		return java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Headers a client may not hand to a service: credentials of any kind, and anything
	 * that names a caller or a proxy hop (the services trust only the internal token's
	 * claims).
	 */
	static boolean isIdentityHeader(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		return n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie")
				|| n.equals("forwarded") || n.startsWith("x-forwarded-") || n.equals("x-real-ip")
				|| n.startsWith("x-numshield-") || n.startsWith("x-auth") || n.startsWith("x-user")
				|| n.startsWith("x-role") || n.startsWith("x-platform") || n.startsWith("x-api-key")
				|| n.startsWith("x-internal") || n.startsWith("x-remote-") || n.equals("x-client-id")
				|| n.equals("x-jwt") || n.equals("x-access-token") || n.equals("x-id-token");
	}

	@Override
	public String getHeader(String name) {
		if (name.equalsIgnoreCase("authorization")) {
			return authorization;
		}
		if (name.equalsIgnoreCase(TraceParent.HEADER)) {
			return traceparent;
		}
		return hidden(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (name.equalsIgnoreCase("authorization")) {
			return authorization == null ? Collections.emptyEnumeration()
					: Collections.enumeration(List.of(authorization));
		}
		if (name.equalsIgnoreCase(TraceParent.HEADER)) {
			return Collections.enumeration(List.of(traceparent));
		}
		return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements();) {
			String name = e.nextElement();
			if (!hidden(name) && !name.equalsIgnoreCase(TraceParent.HEADER)) {
				names.add(name);
			}
		}
		if (authorization != null) {
			names.add("Authorization");
		}
		names.add(TraceParent.HEADER);
		return Collections.enumeration(names);
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("the body is in memory already");
			}
		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
	}

}
