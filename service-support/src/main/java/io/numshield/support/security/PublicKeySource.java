package io.numshield.support.security;

import io.numshield.core.token.TokenKeys;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The gateway's public keys, from a file or a URL. A file is read at start and again when
 * its modification time changes (checked at most once a second), so the second key of a
 * rotation is accepted without a restart; a URL is Nimbus's cached remote set, fetched
 * again on an unknown key id.
 */
final class PublicKeySource implements JWKSource<SecurityContext> {

	private final Path file;

	private volatile JWKSet keys;

	private volatile FileTime readAt;

	private volatile long checkedAt;

	private PublicKeySource(Path file) {
		this.file = file;
		reload();
	}

	static JWKSource<SecurityContext> of(String location) {
		if (location.startsWith("http://") || location.startsWith("https://")) {
			try {
				return JWKSourceBuilder.create(URI.create(location).toURL()).retrying(true).build();
			}
			catch (MalformedURLException ex) {
				throw new IllegalArgumentException("numshield.token.public-keys is not a URL: " + location, ex);
			}
		}
		return new PublicKeySource(Path.of(location.startsWith("file:") ? location.substring(5) : location));
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		List<JWK> found = selector.select(keys);
		if (found.isEmpty() || System.currentTimeMillis() - checkedAt > 1000) {
			refreshIfChanged();
			found = selector.select(keys);
		}
		return found;
	}

	private void refreshIfChanged() throws KeySourceException {
		long now = System.currentTimeMillis();
		if (now - checkedAt < 1000) {
			return;
		}
		checkedAt = now;
		try {
			if (!Files.getLastModifiedTime(file).equals(readAt)) {
				reload();
			}
		}
		catch (java.io.IOException | RuntimeException ex) {
			throw new KeySourceException("cannot read the token public keys " + file, ex);
		}
	}

	private synchronized void reload() {
		try {
			FileTime modified = Files.getLastModifiedTime(file);
			this.keys = TokenKeys.loadPublicKeys(file);
			this.readAt = modified;
			this.checkedAt = System.currentTimeMillis();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("cannot read the token public keys " + file, ex);
		}
	}

}
