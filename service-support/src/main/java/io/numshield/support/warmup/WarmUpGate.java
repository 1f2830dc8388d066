package io.numshield.support.warmup;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Hands the warm-up's own requests to the twin filters (the hot filters built on the
 * warm-up's key prefix and identity) and every other request on down the chain. A request
 * is the warm-up's while the warm-up runs, from loopback, with the secret of
 * {@link WarmUpIdentity} in {@value #HEADER}; one the twins do not take is a 404, never
 * the real filters'. Before and after the warm-up the gate costs one volatile read.
 */
public final class WarmUpGate implements Filter {

	public static final String HEADER = "X-NumShield-Warm-Up";

	private volatile Open open;

	void open(String secret, List<Filter> twins) {
		this.open = new Open(secret.getBytes(StandardCharsets.US_ASCII), List.copyOf(twins));
	}

	void close() {
		this.open = null;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		Open gate = open;
		if (gate == null || !gate.admits((HttpServletRequest) req)) {
			chain.doFilter(req, res);
			return;
		}
		new Twins(gate.twins(), 0).doFilter(req, res);
	}

	private record Open(byte[] secret, List<Filter> twins) {

		boolean admits(HttpServletRequest request) {
			String given = request.getHeader(HEADER);
			return given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.US_ASCII))
					&& loopback(request.getRemoteAddr());
		}

		private static boolean loopback(String address) {
			try {
				return address != null && InetAddress.getByName(address).isLoopbackAddress(); // a
																								// literal:
																								// no
																								// look-up
			}
			catch (IOException ex) {
				return false;
			}
		}
	}

	/**
	 * The twins as a chain of their own, ending in a 404 rather than in the real chain.
	 */
	private record Twins(List<Filter> filters, int next) implements FilterChain {

		@Override
		public void doFilter(ServletRequest req, ServletResponse res) throws IOException, ServletException {
			if (next < filters.size()) {
				filters.get(next).doFilter(req, res, new Twins(filters, next + 1));
			}
			else {
				((HttpServletResponse) res).sendError(HttpServletResponse.SC_NOT_FOUND);
			}
		}
	}

}
