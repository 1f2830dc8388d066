package io.numshield.audit.ledger;

import io.numshield.support.protection.ProtectionProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ledger's own signing key (Ed25519), which signs checkpoints of the chain head. Only
 * this service holds it; regulators verify with its public key
 * ({@code GET /v1/audit/checkpoints/key}). Loaded from
 * {@code numshield.audit.checkpoint.signing-key} (or {@code ledger-signing-key.pem} in
 * the keys directory); a missing file is generated, owner-only, and its fingerprint
 * logged. The key id is the hex SHA-256 of the public key's DER (SubjectPublicKeyInfo).
 */
@Component
public class LedgerSigningKey {

	public static final String ALGORITHM = "Ed25519";

	static final String FILE = "ledger-signing-key.pem";

	private static final Logger log = LoggerFactory.getLogger(LedgerSigningKey.class);

	private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private final String keyId;

	LedgerSigningKey(CheckpointProperties properties, ProtectionProperties keys) {
		Path file = location(properties, keys);
		try {
			if (!Files.exists(file)) {
				generate(file);
			}
			Map<String, byte[]> blocks = pem(Files.readString(file, StandardCharsets.US_ASCII));
			if (!blocks.containsKey("PRIVATE KEY") || !blocks.containsKey("PUBLIC KEY")) {
				throw new IllegalStateException("the ledger signing key " + file + " must hold a PRIVATE KEY (PKCS#8 "
						+ "Ed25519) and its PUBLIC KEY block (openssl pkey -in key.pem -pubout >> key.pem)");
			}
			KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
			this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(blocks.get("PRIVATE KEY")));
			this.publicKey = factory.generatePublic(new X509EncodedKeySpec(blocks.get("PUBLIC KEY")));
			this.keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the ledger signing key " + file, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the ledger signing key " + file + " is not an Ed25519 key pair", ex);
		}
		byte[] probe = "numshield-ledger-key-check".getBytes(StandardCharsets.US_ASCII);
		if (!verify(probe, sign(probe))) {
			throw new IllegalStateException(
					"the ledger signing key " + file + ": its PUBLIC KEY is not the private key's");
		}
		log.info("ledger signing key {} ({}), key id (SHA-256 of the public key) {}", file, ALGORITHM, keyId);
	}

	private static Path location(CheckpointProperties properties, ProtectionProperties keys) {
		if (properties.signingKey() != null && !properties.signingKey().isBlank()) {
			return Path.of(properties.signingKey());
		}
		if (keys.dir() != null && !keys.dir().isBlank()) {
			return Path.of(keys.dir()).resolve(FILE);
		}
		throw new IllegalStateException("no ledger signing key: set numshield.audit.checkpoint.signing-key "
				+ "(NUMSHIELD_AUDIT_CHECKPOINT_SIGNING_KEY) or a keys directory (NUMSHIELD_KEYS_DIR)");
	}

	/**
	 * Writes a new key pair to a temporary file beside {@code file} and links it in under
	 * its name only if no file is there: instances that start together on one key
	 * directory each try, one wins, and the others read its key (a plain
	 * create-then-write let one read the file while it was still empty, or fail because
	 * it existed).
	 */
	private static void generate(Path file) throws IOException, GeneralSecurityException {
		KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path temp = Files.createTempFile(dir, ".ledger-signing-key-", ".tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			Files.writeString(temp, block("PRIVATE KEY", pair.getPrivate().getEncoded())
					+ block("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
			Files.createLink(file, temp);
			log.warn("generated a new ledger signing key in {} (owner-only): keep it with the other keys", file);
		}
		catch (FileAlreadyExistsException another) {
			// another instance generated it at the same moment: its key is the one read
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static Map<String, byte[]> pem(String text) {
		Map<String, byte[]> blocks = new LinkedHashMap<>();
		Matcher m = PEM.matcher(text);
		while (m.find()) {
			blocks.put(m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip()));
		}
		return blocks;
	}

	private static String block(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	public byte[] sign(byte[] message) {
		try {
			Signature signer = Signature.getInstance(ALGORITHM);
			signer.initSign(privateKey);
			signer.update(message);
			return signer.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	boolean verify(byte[] message, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(publicKey);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/** Hex SHA-256 of the public key's DER. */
	public String keyId() {
		return keyId;
	}

	/**
	 * The public key as PEM (SubjectPublicKeyInfo), what {@code openssl} and Python's
	 * cryptography read.
	 */
	public String publicKeyPem() {
		return block("PUBLIC KEY", publicKey.getEncoded());
	}

	/** The public key as a JWK (RFC 8037: OKP, Ed25519). */
	public Map<String, String> jwk() {
		byte[] der = publicKey.getEncoded();
		byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
		Map<String, String> jwk = new LinkedHashMap<>();
		jwk.put("kty", "OKP");
		jwk.put("crv", "Ed25519");
		jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
		jwk.put("kid", keyId);
		jwk.put("alg", "EdDSA");
		jwk.put("use", "sig");
		return jwk;
	}

}
