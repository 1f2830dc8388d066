package io.numshield.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The two secrets that protect personal data: a Tink AEAD keyset (AES-256-GCM; each ciphertext
 * names the id of the key that made it, so keys rotate by adding a new primary) and a blind-index
 * key (HMAC-SHA256, at least 32 bytes) that turns a number into a stable look-up token.
 *
 * <p>Keys come from configuration, never from code. For local development {@link KeyTool}
 * generates a key directory once.
 */
public final class ProtectionKeys {

	/** File names inside a key directory. */
	public static final String AEAD_KEYSET_FILE = "aead-keyset.json";

	public static final String BLIND_INDEX_KEY_FILE = "blind-index.key";

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink AEAD could not be registered", ex);
		}
	}

	private final KeysetHandle aeadKeyset;

	private final byte[] blindIndexKey;

	private ProtectionKeys(KeysetHandle aeadKeyset, byte[] blindIndexKey) {
		if (blindIndexKey.length < 32) {
			throw new IllegalArgumentException("the blind-index key must be at least 32 bytes");
		}
		this.aeadKeyset = aeadKeyset;
		this.blindIndexKey = blindIndexKey.clone();
	}

	/** From a Tink JSON keyset and a base64 blind-index key. */
	public static ProtectionKeys of(String aeadKeysetJson, String blindIndexKeyBase64) {
		try {
			KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(aeadKeysetJson, InsecureSecretKeyAccess.get());
			return new ProtectionKeys(handle, Base64.getDecoder().decode(blindIndexKeyBase64.strip()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("the AEAD keyset is not a valid Tink JSON keyset", ex);
		}
	}

	/** From a key directory holding {@value #AEAD_KEYSET_FILE} and {@value #BLIND_INDEX_KEY_FILE}. */
	public static ProtectionKeys fromDirectory(Path directory) {
		try {
			return of(Files.readString(directory.resolve(AEAD_KEYSET_FILE), StandardCharsets.UTF_8),
					Files.readString(directory.resolve(BLIND_INDEX_KEY_FILE), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read protection keys from " + directory, ex);
		}
	}

	/**
	 * The keys a deployment configured: inline (a Tink JSON keyset and a base64 blind-index key,
	 * {@code NUMSHIELD_KEYS_AEAD_KEYSET} / {@code NUMSHIELD_KEYS_BLIND_INDEX_KEY}) when both are
	 * given, else a key directory ({@code NUMSHIELD_KEYS_DIR}); neither refuses to start.
	 */
	public static ProtectionKeys configured(String aeadKeysetJson, String blindIndexKeyBase64, String directory) {
		if (aeadKeysetJson != null && !aeadKeysetJson.isBlank() && blindIndexKeyBase64 != null) {
			return of(aeadKeysetJson, blindIndexKeyBase64);
		}
		if (directory != null && !directory.isBlank()) {
			return fromDirectory(Path.of(directory));
		}
		throw new IllegalStateException("no personal-data keys: set NUMSHIELD_KEYS_DIR, or NUMSHIELD_KEYS_AEAD_KEYSET and "
				+ "NUMSHIELD_KEYS_BLIND_INDEX_KEY (make run generates a local key directory)");
	}

	/** Fresh random keys: for tests and for the first local run. */
	public static ProtectionKeys generate() {
		try {
			byte[] blind = new byte[32];
			new SecureRandom().nextBytes(blind);
			return new ProtectionKeys(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), blind);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate an AEAD key", ex);
		}
	}

	/** The same keys with a new primary AEAD key; old ciphertexts still decrypt. */
	public ProtectionKeys rotate() {
		try {
			KeysetHandle.Builder builder = KeysetHandle.newBuilder(aeadKeyset);
			// makePrimary() on the new entry takes the primary mark from the old one
			builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
				.withRandomId()
				.makePrimary());
			return new ProtectionKeys(builder.build(), blindIndexKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot rotate the AEAD keyset", ex);
		}
	}

	public void writeTo(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve(AEAD_KEYSET_FILE),
					TinkJsonProtoKeysetFormat.serializeKeyset(aeadKeyset, InsecureSecretKeyAccess.get()));
			Files.writeString(directory.resolve(BLIND_INDEX_KEY_FILE), Base64.getEncoder().encodeToString(blindIndexKey));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write protection keys to " + directory, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot serialise the AEAD keyset", ex);
		}
	}

	KeysetHandle aeadKeyset() {
		return aeadKeyset;
	}

	byte[] blindIndexKey() {
		return blindIndexKey.clone();
	}

	/** Number of AEAD keys in the keyset (old ones stay for decryption). */
	public int aeadKeyCount() {
		return aeadKeyset.size();
	}
}
