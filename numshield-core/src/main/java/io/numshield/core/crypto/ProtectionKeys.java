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
 * The secrets that protect personal data: a Tink AEAD keyset (AES-256-GCM; each
 * ciphertext names the id of the key that made it, so keys rotate by adding a new
 * primary), a blind-index key (HMAC-SHA256, at least 32 bytes) that turns a number into a
 * stable look-up token, and an idempotency key (HMAC-SHA256, at least 32 bytes) that
 * fingerprints request bodies remembered for {@code Idempotency-Key}. The idempotency key
 * is optional here, because key directories made before it existed lack it: only
 * binding-service uses it, and refuses to start without it
 * ({@link PersonalDataProtector#requireRequestFingerprintKey()});
 * {@code KeyTool generate DIR} adds it.
 *
 * <p>
 * Keys come from configuration, never from code. For local development {@link KeyTool}
 * generates a key directory once.
 */
public final class ProtectionKeys {

	/** File names inside a key directory. */
	public static final String AEAD_KEYSET_FILE = "aead-keyset.json";

	public static final String BLIND_INDEX_KEY_FILE = "blind-index.key";

	public static final String IDEMPOTENCY_KEY_FILE = "idempotency.key";

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

	/** Null in a key directory made before the idempotency key existed. */
	private final byte[] idempotencyKey;

	private ProtectionKeys(KeysetHandle aeadKeyset, byte[] blindIndexKey, byte[] idempotencyKey) {
		if (blindIndexKey.length < 32) {
			throw new IllegalArgumentException("the blind-index key must be at least 32 bytes");
		}
		if (idempotencyKey != null && idempotencyKey.length < 32) {
			throw new IllegalArgumentException("the idempotency key must be at least 32 bytes");
		}
		this.aeadKeyset = aeadKeyset;
		this.blindIndexKey = blindIndexKey.clone();
		this.idempotencyKey = idempotencyKey == null ? null : idempotencyKey.clone();
	}

	/**
	 * From a Tink JSON keyset and a base64 blind-index key, without an idempotency key.
	 */
	public static ProtectionKeys of(String aeadKeysetJson, String blindIndexKeyBase64) {
		return of(aeadKeysetJson, blindIndexKeyBase64, null);
	}

	/**
	 * From a Tink JSON keyset, a base64 blind-index key and a base64 idempotency key
	 * (null: none).
	 */
	public static ProtectionKeys of(String aeadKeysetJson, String blindIndexKeyBase64, String idempotencyKeyBase64) {
		try {
			KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(aeadKeysetJson, InsecureSecretKeyAccess.get());
			return new ProtectionKeys(handle, Base64.getDecoder().decode(blindIndexKeyBase64.strip()),
					idempotencyKeyBase64 == null || idempotencyKeyBase64.isBlank() ? null
							: Base64.getDecoder().decode(idempotencyKeyBase64.strip()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("the AEAD keyset is not a valid Tink JSON keyset", ex);
		}
	}

	/**
	 * From a key directory holding {@value #AEAD_KEYSET_FILE},
	 * {@value #BLIND_INDEX_KEY_FILE} and, when it was made or upgraded by this version of
	 * {@link KeyTool}, {@value #IDEMPOTENCY_KEY_FILE}.
	 */
	public static ProtectionKeys fromDirectory(Path directory) {
		try {
			Path idempotency = directory.resolve(IDEMPOTENCY_KEY_FILE);
			return of(Files.readString(directory.resolve(AEAD_KEYSET_FILE), StandardCharsets.UTF_8),
					Files.readString(directory.resolve(BLIND_INDEX_KEY_FILE), StandardCharsets.UTF_8),
					Files.exists(idempotency) ? Files.readString(idempotency, StandardCharsets.UTF_8) : null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read protection keys from " + directory, ex);
		}
	}

	/**
	 * The keys a deployment configured: inline (a Tink JSON keyset, a base64 blind-index
	 * key and optionally a base64 idempotency key: {@code NUMSHIELD_KEYS_AEAD_KEYSET},
	 * {@code NUMSHIELD_KEYS_BLIND_INDEX_KEY}, {@code NUMSHIELD_KEYS_IDEMPOTENCY_KEY})
	 * when the first two are given, else a key directory ({@code NUMSHIELD_KEYS_DIR});
	 * neither refuses to start.
	 */
	public static ProtectionKeys configured(String aeadKeysetJson, String blindIndexKeyBase64,
			String idempotencyKeyBase64, String directory) {
		if (aeadKeysetJson != null && !aeadKeysetJson.isBlank() && blindIndexKeyBase64 != null) {
			return of(aeadKeysetJson, blindIndexKeyBase64, idempotencyKeyBase64);
		}
		if (directory != null && !directory.isBlank()) {
			return fromDirectory(Path.of(directory));
		}
		throw new IllegalStateException(
				"no personal-data keys: set NUMSHIELD_KEYS_DIR, or NUMSHIELD_KEYS_AEAD_KEYSET and "
						+ "NUMSHIELD_KEYS_BLIND_INDEX_KEY (make run generates a local key directory)");
	}

	/** Fresh random keys: for tests and for the first local run. */
	public static ProtectionKeys generate() {
		try {
			return new ProtectionKeys(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), randomKey(),
					randomKey());
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
			return new ProtectionKeys(builder.build(), blindIndexKey, idempotencyKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot rotate the AEAD keyset", ex);
		}
	}

	/**
	 * The same keys with the ones an older key directory lacks (the idempotency key)
	 * added.
	 */
	public ProtectionKeys withMissingKeys() {
		return idempotencyKey != null ? this : new ProtectionKeys(aeadKeyset, blindIndexKey, randomKey());
	}

	/**
	 * Writes the key files, each readable by its owner only (0600; a directory made here
	 * is 0700), replacing each in one step.
	 */
	public void writeTo(Path directory) {
		try {
			KeyFiles.write(directory, AEAD_KEYSET_FILE,
					TinkJsonProtoKeysetFormat.serializeKeyset(aeadKeyset, InsecureSecretKeyAccess.get()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot serialise the AEAD keyset", ex);
		}
		KeyFiles.write(directory, BLIND_INDEX_KEY_FILE, Base64.getEncoder().encodeToString(blindIndexKey));
		if (idempotencyKey != null) {
			KeyFiles.write(directory, IDEMPOTENCY_KEY_FILE, Base64.getEncoder().encodeToString(idempotencyKey));
		}
	}

	private static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	KeysetHandle aeadKeyset() {
		return aeadKeyset;
	}

	byte[] blindIndexKey() {
		return blindIndexKey.clone();
	}

	/** Null when the keys came from a directory or configuration without one. */
	byte[] idempotencyKey() {
		return idempotencyKey == null ? null : idempotencyKey.clone();
	}

	/** Whether an idempotency key was configured. */
	public boolean hasIdempotencyKey() {
		return idempotencyKey != null;
	}

	/** Number of AEAD keys in the keyset (old ones stay for decryption). */
	public int aeadKeyCount() {
		return aeadKeyset.size();
	}

}
