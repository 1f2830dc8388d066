package io.numshield.core.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a platform's {@code callbackUrl} may point: http or https, to a host whose every
 * address is public. Refused are loopback (127/8, ::1), unspecified (0/8, ::), private
 * (10/8, 172.16/12, 192.168/16, unique-local fc00::/7, site-local fec0::/10), link-local
 * (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), shared / CGNAT
 * (100.64/10, with Alibaba Cloud's metadata 100.100.100.200), multicast (224/4,
 * ff00::/8), reserved (240/4, broadcast), IPv6 forms that embed such an IPv4 address
 * (::a.b.c.d, ::ffff:a.b.c.d, 64:ff9b::/96, 2002::/16), and metadata host names
 * ({@link #METADATA_HOSTS}, {@code localhost}, {@code *.localhost}). An operator's
 * allow-list ({@code numshield.callbacks.allowed-internal}) names exceptions, each either
 * {@code host} / {@code host:port} or a URL prefix ({@code http://host:port/path}).
 *
 * <p>
 * binding-service applies {@link #check} at registration; call-routing-service resolves
 * again at every delivery ({@link #resolvePermitted}) and connects only to the addresses
 * it checked, so a name that resolved to a public address at registration and to an
 * inside one later (DNS rebinding) is refused then. Spring-free; thread-safe.
 */
public final class CallbackTargetPolicy {

	/**
	 * Host names of cloud metadata services (besides their addresses, which are refused
	 * anyway).
	 */
	public static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
			"instance-data", "instance-data.ec2.internal", "metadata.azure.internal", "metadata.tencentyun.com",
			"localhost");

	/** Resolves a host name to its addresses (the JDK's resolver in production). */
	@FunctionalInterface
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private final List<Allowed> allowed;

	private final Resolver resolver;

	public CallbackTargetPolicy(List<String> allowedInternal, Resolver resolver) {
		this.allowed = new ArrayList<>();
		for (String entry : allowedInternal == null ? List.<String>of() : allowedInternal) {
			if (entry != null && !entry.isBlank()) {
				this.allowed.add(Allowed.parse(entry.strip()));
			}
		}
		this.resolver = resolver;
	}

	/** With the JDK's resolver. */
	public static CallbackTargetPolicy withSystemResolver(List<String> allowedInternal) {
		return new CallbackTargetPolicy(allowedInternal, InetAddress::getAllByName);
	}

	/**
	 * The registration check: refuses a URL of another scheme, without a host, naming a
	 * metadata host, or whose host resolves to any refused address, unless the allow-list
	 * names it. A name that does not resolve now passes: it can point nowhere inside
	 * without resolving, and delivery checks again.
	 */
	public void check(String url) throws ForbiddenCallbackTarget {
		URI uri = parse(url);
		if (allowListed(uri)) {
			return;
		}
		String host = host(uri);
		refuseNamed(host);
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(host);
		}
		catch (ForbiddenCallbackTarget ex) {
			throw ex;
		}
		catch (UnknownHostException ex) {
			return;
		}
		for (InetAddress address : addresses) {
			refuseAddress(host, address);
		}
	}

	/**
	 * Whether the operator's allow-list names this URL (then its addresses are not
	 * checked).
	 */
	public boolean allowListed(URI uri) {
		for (Allowed entry : allowed) {
			if (entry.matches(uri)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * {@link #allowListed(URI)} of a URL given as text; false for one that does not
	 * parse.
	 */
	public boolean allowListed(String url) {
		try {
			return allowListed(parse(url));
		}
		catch (ForbiddenCallbackTarget ex) {
			return false;
		}
	}

	/**
	 * The delivery check: the host's addresses, every one of them permitted, for the HTTP
	 * client to connect to (and to nothing else). Throws {@link ForbiddenCallbackTarget}
	 * when any is refused, {@link UnknownHostException} when the name does not resolve.
	 */
	public InetAddress[] resolvePermitted(String host) throws UnknownHostException {
		String bare = bare(host);
		refuseNamed(bare);
		InetAddress[] addresses = resolver.resolve(bare);
		for (InetAddress address : addresses) {
			refuseAddress(bare, address);
		}
		return addresses;
	}

	/** What kind of inside address this is, or empty for a public one. */
	public static Optional<String> forbiddenKind(InetAddress address) {
		if (address instanceof Inet4Address) {
			return v4Kind(address.getAddress());
		}
		if (address instanceof Inet6Address) {
			return v6Kind(address.getAddress());
		}
		return Optional.of("unknown");
	}

	private static Optional<String> v4Kind(byte[] a) {
		int b0 = a[0] & 0xff;
		int b1 = a[1] & 0xff;
		if (b0 == 0) {
			return Optional.of("unspecified");
		}
		if (b0 == 127) {
			return Optional.of("loopback");
		}
		if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)) {
			return Optional.of("private");
		}
		if (b0 == 169 && b1 == 254) {
			return Optional.of("link-local (cloud metadata)");
		}
		if (b0 == 100 && b1 >= 64 && b1 <= 127) {
			return Optional.of("shared (CGNAT)");
		}
		if (b0 >= 224 && b0 <= 239) {
			return Optional.of("multicast");
		}
		if (b0 >= 240) {
			return Optional.of("reserved");
		}
		return Optional.empty();
	}

	private static Optional<String> v6Kind(byte[] a) {
		boolean zero96 = true;
		for (int i = 0; i < 10; i++) {
			zero96 &= a[i] == 0;
		}
		if (zero96 && ((a[10] == 0 && a[11] == 0) || (a[10] == (byte) 0xff && a[11] == (byte) 0xff))) {
			boolean zeroTail = a[12] == 0 && a[13] == 0 && a[14] == 0;
			if (a[10] == 0 && zeroTail && a[15] == 0) {
				return Optional.of("unspecified");
			}
			if (a[10] == 0 && zeroTail && a[15] == 1) {
				return Optional.of("loopback");
			}
			return v4Kind(new byte[] { a[12], a[13], a[14], a[15] }); // ::a.b.c.d and
																		// ::ffff:a.b.c.d
		}
		int b0 = a[0] & 0xff;
		int b1 = a[1] & 0xff;
		if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
			return v4Kind(new byte[] { a[12], a[13], a[14], a[15] }); // NAT64
																		// 64:ff9b::/96
		}
		if (b0 == 0x20 && b1 == 0x02) {
			return v4Kind(new byte[] { a[2], a[3], a[4], a[5] }); // 6to4 2002::/16
		}
		if ((b0 & 0xfe) == 0xfc) {
			return Optional.of("private (unique-local)");
		}
		if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
			return Optional.of("link-local");
		}
		if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
			return Optional.of("private (site-local)");
		}
		if (b0 == 0xff) {
			return Optional.of("multicast");
		}
		return Optional.empty();
	}

	private static void refuseNamed(String host) throws ForbiddenCallbackTarget {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		if (METADATA_HOSTS.contains(name) || name.endsWith(".localhost")) {
			throw new ForbiddenCallbackTarget("host " + name + " is a local or metadata host name");
		}
	}

	private static void refuseAddress(String host, InetAddress address) throws ForbiddenCallbackTarget {
		Optional<String> kind = forbiddenKind(address);
		if (kind.isPresent()) {
			throw new ForbiddenCallbackTarget(
					"host " + host + " resolves to " + address.getHostAddress() + ", a " + kind.get() + " address");
		}
	}

	private static URI parse(String url) throws ForbiddenCallbackTarget {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new ForbiddenCallbackTarget("is not a URL");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new ForbiddenCallbackTarget("must be an http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new ForbiddenCallbackTarget("has no host");
		}
		return uri;
	}

	private static String host(URI uri) {
		return bare(uri.getHost());
	}

	/** Without the brackets of an IPv6 literal. */
	private static String bare(String host) {
		return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** One allow-list entry: a host (any port), a host and port, or a URL prefix. */
	private record Allowed(String scheme, String host, int port, String pathPrefix) {

		static Allowed parse(String entry) {
			boolean prefix = entry.contains("://");
			URI uri = URI.create(prefix ? entry : "http://" + entry);
			if (uri.getHost() == null) {
				throw new IllegalArgumentException(
						"numshield.callbacks.allowed-internal: " + entry + " is neither host[:port] nor a URL prefix");
			}
			if (!prefix) {
				return new Allowed(null, bare(uri.getHost()).toLowerCase(Locale.ROOT), uri.getPort(), null);
			}
			String path = uri.getRawPath() == null ? "" : uri.getRawPath();
			return new Allowed(uri.getScheme().toLowerCase(Locale.ROOT), bare(uri.getHost()).toLowerCase(Locale.ROOT),
					CallbackTargetPolicy.port(uri), path);
		}

		boolean matches(URI url) {
			if (!bare(url.getHost()).toLowerCase(Locale.ROOT).equals(host)) {
				return false;
			}
			if (pathPrefix == null) {
				return port == -1 || port == CallbackTargetPolicy.port(url);
			}
			if (!url.getScheme().equalsIgnoreCase(scheme) || port != CallbackTargetPolicy.port(url)) {
				return false;
			}
			String path = url.getRawPath() == null ? "" : url.getRawPath();
			if (pathPrefix.isEmpty() || pathPrefix.equals("/")) {
				return true;
			}
			return path.equals(pathPrefix) || path.startsWith(pathPrefix.endsWith("/") ? pathPrefix : pathPrefix + "/");
		}
	}

}
