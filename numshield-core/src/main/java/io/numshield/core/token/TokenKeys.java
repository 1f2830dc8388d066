package io.numshield.core.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The token key files of one directory: {@value #SIGNING_FILE} (the gateway's private
 * P-256 key, owner-only) and {@value #PUBLIC_FILE} (the public keys that services accept:
 * the signing key's, and during a rotation the previous one's too, never more than two).
 * <p>
 * Rotation: {@code rotate} makes a new signing key and publishes both public keys;
 * restart the gateway (services pick the new public set up by themselves); once every
 * token signed with the old key has expired ({@link TokenSigner#MAX_LIFETIME}),
 * {@code retire} drops the old public key.
 */
public final class TokenKeys {

	public static final String SIGNING_FILE = "token-signing.jwk";

	public static final String PUBLIC_FILE = "token-public.jwks";

	private TokenKeys() {
	}

	/** A fresh P-256 signing key with a random key id. */
	public static ECKey newSigningKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyID("tk-" + UUID.randomUUID().toString().substring(0, 13))
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("P-256 key generation failed", ex);
		}
	}

	/**
	 * Writes a signing key and its public set into {@code dir} unless a signing key is
	 * there; true if it wrote.
	 */
	public static boolean generate(Path dir) {
		if (Files.exists(dir.resolve(SIGNING_FILE))) {
			return false;
		}
		ECKey key = newSigningKey();
		write(dir, key, List.of(key.toPublicJWK()));
		return true;
	}

	/** A new signing key; the public set holds the new and the previous public key. */
	public static ECKey rotate(Path dir) {
		ECKey previous = loadSigningKey(dir.resolve(SIGNING_FILE));
		ECKey next = newSigningKey();
		write(dir, next, List.of(next.toPublicJWK(), previous.toPublicJWK()));
		return next;
	}

	/** The public set holds the signing key's public key alone again. */
	public static void retire(Path dir) {
		ECKey current = loadSigningKey(dir.resolve(SIGNING_FILE));
		write(dir, current, List.of(current.toPublicJWK()));
	}

	public static ECKey loadSigningKey(Path file) {
		try {
			JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
			if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
				throw new IllegalArgumentException(file + " is not a private P-256 key");
			}
			return ec;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the token signing key " + file, ex);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(file + " is not a JWK", ex);
		}
	}

	/**
	 * A public JWK set; a private key in it is refused (a public file must hold nothing
	 * secret).
	 */
	public static JWKSet loadPublicKeys(Path file) {
		try {
			JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
			if (set.getKeys().isEmpty() || set.getKeys().stream().anyMatch(JWK::isPrivate)) {
				throw new IllegalArgumentException(file + " must hold one or two public keys and no private key");
			}
			return set;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the token public keys " + file, ex);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(file + " is not a JWK set", ex);
		}
	}

	private static void write(Path dir, ECKey signing, List<JWK> published) {
		try {
			Files.createDirectories(dir);
			writeAtomically(dir.resolve(PUBLIC_FILE), new JWKSet(new ArrayList<>(published)).toString(true),
					"rw-r--r--");
			writeAtomically(dir.resolve(SIGNING_FILE), signing.toJSONString(), "rw-------");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write token keys into " + dir, ex);
		}
	}

	private static void writeAtomically(Path file, String content, String permissions) throws IOException {
		Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".key");
		try {
			try {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the directory's own protection applies
			}
			Files.writeString(tmp, content, StandardCharsets.UTF_8);
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/**
	 * Command line: {@code generate|rotate|retire DIR}, and
	 * {@code mint SIGNING_KEY_FILE AUDIENCE
	 * ROLE SUBJECT [PLATFORM_ID | POOL,POOL…]}, which signs a five-minute token with the
	 * gateway's own key file: for benchmarks and debugging on the gateway's host, the one
	 * place that key is.
	 */
	public static void main(String[] args) {
		if (args.length >= 5 && args[0].equals("mint")) {
			Role role = Role.valueOf(args[3]);
			String extra = args.length > 5 ? args[5] : null;
			TokenClaims claims = new TokenClaims(args[4], role, role == Role.PLATFORM ? extra : null,
					role == Role.CARRIER && extra != null ? List.of(extra.split(",")) : null);
			System.out.println(new TokenSigner(loadSigningKey(Path.of(args[1]))).mint(Audience.valueOf(args[2]), claims,
					java.time.Instant.now(), java.time.Duration.ofMinutes(5)));
			return;
		}
		if (args.length != 2 || !List.of("generate", "rotate", "retire").contains(args[0])) {
			System.err.println(
					"usage: TokenKeys generate|rotate|retire DIR | mint SIGNING_KEY_FILE AUDIENCE ROLE SUBJECT [PLATFORM_ID|POOLS]");
			System.exit(2);
		}
		Path dir = Path.of(args[1]);
		switch (args[0]) {
			case "generate" -> System.out.println(generate(dir) ? "generated the token signing key in " + dir
					: "a token signing key is already in " + dir + ": left as it is");
			case "rotate" -> System.out.println("rotated: signing with " + rotate(dir).getKeyID() + ", " + PUBLIC_FILE
					+ " holds the new and the previous public key; restart the gateway, then retire after "
					+ TokenSigner.MAX_LIFETIME.toMinutes() + " minutes");
			default -> {
				retire(dir);
				System.out.println("retired: " + PUBLIC_FILE + " holds the signing key's public key only");
			}
		}
	}

}
