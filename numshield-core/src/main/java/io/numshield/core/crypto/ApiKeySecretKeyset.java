package io.numshield.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * The gateway's own key: a Tink AEAD keyset (AES-256-GCM) that encrypts API-key secrets
 * at rest, apart from the personal-data keys (the gateway holds no personal-data key).
 * Each ciphertext is bound to its key id and role as associated data, so a ciphertext
 * copied to another key row or a row whose role was changed does not decrypt. Keys rotate
 * by adding a new primary ({@code KeyTool rotate-api-key-secrets DIR}); old ciphertexts
 * keep decrypting.
 */
public final class ApiKeySecretKeyset {

	/** File name inside a key directory. */
	public static final String FILE = "api-key-secrets-keyset.json";

	private static final String CONTEXT = "numshield:api-key-secret:v1";

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink AEAD could not be registered", ex);
		}
	}

	private final KeysetHandle keyset;

	private final Aead aead;

	private ApiKeySecretKeyset(KeysetHandle keyset) {
		this.keyset = keyset;
		try {
			this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot build the AEAD primitive", ex);
		}
	}

	/** A fresh keyset with one key. */
	public static ApiKeySecretKeyset generate() {
		try {
			return new ApiKeySecretKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate an AEAD key", ex);
		}
	}

	/** From a Tink JSON keyset. */
	public static ApiKeySecretKeyset of(String keysetJson) {
		try {
			return new ApiKeySecretKeyset(
					TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("the API-key secrets keyset is not a valid Tink JSON keyset", ex);
		}
	}

	/** From {@value #FILE} in a key directory. */
	public static ApiKeySecretKeyset fromDirectory(Path directory) {
		Path file = directory.resolve(FILE);
		if (!Files.exists(file)) {
			throw new IllegalStateException(missing("the key directory " + directory + " has no " + FILE));
		}
		try {
			return of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/**
	 * The keyset a deployment configured: inline
	 * ({@code NUMSHIELD_KEYS_API_KEY_SECRETS_KEYSET}, Tink JSON) when given, else
	 * {@value #FILE} in the key directory ({@code NUMSHIELD_KEYS_DIR}); neither refuses
	 * to start.
	 */
	public static ApiKeySecretKeyset configured(String keysetJson, String directory) {
		if (keysetJson != null && !keysetJson.isBlank()) {
			return of(keysetJson);
		}
		if (directory != null && !directory.isBlank()) {
			return fromDirectory(Path.of(directory));
		}
		throw new IllegalStateException(
				missing("neither NUMSHIELD_KEYS_API_KEY_SECRETS_KEYSET nor NUMSHIELD_KEYS_DIR is set"));
	}

	private static String missing(String what) {
		return "no API-key secrets keyset: " + what + ". Generate it with 'java -cp <gateway jar> "
				+ "-Dloader.main=io.numshield.core.crypto.KeyTool org.springframework.boot.loader.launch.PropertiesLauncher "
				+ "generate <dir>' (adds missing key files, keeps the others; make run does this itself)";
	}

	/** The same keyset with a new primary key; old ciphertexts still decrypt. */
	public ApiKeySecretKeyset rotate() {
		try {
			KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
			builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
				.withRandomId()
				.makePrimary());
			return new ApiKeySecretKeyset(builder.build());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot rotate the API-key secrets keyset", ex);
		}
	}

	/** Writes {@value #FILE}, readable by its owner only (0600). */
	public void writeTo(Path directory) {
		try {
			KeyFiles.write(directory, FILE,
					TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot serialise the API-key secrets keyset", ex);
		}
	}

	/** Number of keys in the keyset (old ones stay for decryption). */
	public int keyCount() {
		return keyset.size();
	}

	/** Encrypts the secret of the key {@code keyId} of {@code role}; base64. */
	public String encrypt(String secret, String keyId, String role) {
		try {
			return Base64.getEncoder()
				.encodeToString(aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(keyId, role)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("encryption failed", ex);
		}
	}

	/**
	 * The secret, if the ciphertext was made by {@link #encrypt} for this key id and role
	 * under a key of this keyset; else an {@link IllegalStateException}.
	 */
	public String decrypt(String ciphertext, String keyId, String role) {
		try {
			return new String(aead.decrypt(Base64.getDecoder().decode(ciphertext), associatedData(keyId, role)),
					StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("the secret does not decrypt for this key id and role", ex);
		}
	}

	/**
	 * Decrypts secrets stored by the scheme before this keyset
	 * ({@link PersonalDataProtector#encryptSecret}, the personal-data AEAD keyset): only
	 * for re-encrypting such rows once. The function throws an
	 * {@link IllegalStateException} for a ciphertext it cannot decrypt.
	 */
	public static UnaryOperator<String> legacySecretDecrypter(String personalDataAeadKeysetJson) {
		Aead legacy;
		try {
			legacy = TinkJsonProtoKeysetFormat.parseKeyset(personalDataAeadKeysetJson, InsecureSecretKeyAccess.get())
				.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("the personal-data AEAD keyset is not a valid Tink JSON keyset", ex);
		}
		return ciphertext -> {
			try {
				return new String(
						legacy.decrypt(Base64.getDecoder().decode(ciphertext), PersonalDataProtector.SECRET_CONTEXT),
						StandardCharsets.UTF_8);
			}
			catch (GeneralSecurityException | IllegalArgumentException ex) {
				throw new IllegalStateException("the secret does not decrypt with the personal-data keyset", ex);
			}
		};
	}

	/**
	 * Context, key id and role, each ended by a NUL (key ids and role names hold none).
	 */
	private static byte[] associatedData(String keyId, String role) {
		return (CONTEXT + '\0' + keyId + '\0' + role + '\0').getBytes(StandardCharsets.UTF_8);
	}

}
