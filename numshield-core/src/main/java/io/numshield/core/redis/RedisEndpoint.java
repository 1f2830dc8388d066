package io.numshield.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;

/**
 * Where Redis is and how to log in, read from {@code numshield.redis.url} and the
 * credential settings, the same way by the services and the gateway: one or several
 * comma-separated addresses ({@code redis://host:port}, or {@code rediss://host:port} for
 * TLS, never mixed), with optional credentials in the first address
 * ({@code redis://user:password@host:port}, URL-encoded). A username or password given as
 * a setting wins over the URL's. The nodes come back without credentials, so that no log
 * or exception message of the client shows them.
 *
 * @param nodes the addresses, credentials removed
 * @param username the ACL user, or null for Redis's {@code default} user
 * @param password the password, or null for none
 * @param tls whether the addresses are {@code rediss://}
 */
public record RedisEndpoint(List<String> nodes, String username, String password, boolean tls) {

	public RedisEndpoint {
		nodes = List.copyOf(nodes);
	}

	public static RedisEndpoint parse(String url, String username, String password) {
		List<String> nodes = new ArrayList<>();
		String urlUser = null;
		String urlPassword = null;
		Boolean tls = null;
		for (String raw : url.split(",")) {
			URI uri = URI.create(raw.strip());
			String scheme = uri.getScheme();
			if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
				throw new IllegalArgumentException("a Redis address is redis://host:port or rediss://host:port");
			}
			if (tls != null && tls != "rediss".equals(scheme)) {
				throw new IllegalArgumentException("Redis addresses are all redis:// or all rediss://");
			}
			tls = "rediss".equals(scheme);
			if (uri.getHost() == null || uri.getPort() < 0) {
				throw new IllegalArgumentException("a Redis address names its host and port");
			}
			String userInfo = uri.getRawUserInfo();
			if (userInfo != null && nodes.isEmpty()) {
				int colon = userInfo.indexOf(':');
				// redis://:password@host is the password of the default user
				String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
				urlUser = user.isEmpty() ? null : decode(user);
				urlPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
			}
			nodes.add(scheme + "://" + (uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost()) + ":"
					+ uri.getPort());
		}
		return new RedisEndpoint(nodes, blankToNull(username) != null ? username : urlUser,
				blankToNull(password) != null ? password : urlPassword, Boolean.TRUE.equals(tls));
	}

	/**
	 * Trusts exactly the certificates of a PEM file (a private CA's): for
	 * {@code rediss://} to a server the JDK does not know.
	 */
	public static TrustManagerFactory trustOnly(Path pemFile) {
		try (InputStream in = Files.newInputStream(pemFile)) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new IllegalArgumentException("no certificate in " + pemFile);
			}
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			int i = 0;
			for (Certificate certificate : certificates) {
				store.setCertificateEntry("ca-" + i++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("cannot read the Redis CA file " + pemFile + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "RedisEndpoint[nodes=" + nodes + ", username=" + username + ", password="
				+ (password == null ? "none" : "***") + ", tls=" + tls + "]";
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}
}
