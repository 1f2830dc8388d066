package io.numshield.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;

import io.numshield.core.identity.IdType;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns real numbers into what may be stored: ciphertext (AEAD, key id inside, base64)
 * and a blind index (HMAC-SHA256 of the E.164 form, first {@value #BLIND_INDEX_BYTES}
 * bytes, base64url), and back; and fingerprints request bodies that hold numbers
 * (HMAC-SHA256 with the idempotency key), so that a stored fingerprint cannot be matched
 * against guessed bodies without the key. Thread-safe.
 */
public final class PersonalDataProtector {

	/** 96 bits: collisions stay out of reach for every number in the country. */
	public static final int BLIND_INDEX_BYTES = 12;

	private static final byte[] PARTIES_CONTEXT = "numshield:parties:v1".getBytes(StandardCharsets.UTF_8);

	static final byte[] SECRET_CONTEXT = "numshield:secret:v1".getBytes(StandardCharsets.UTF_8);

	private static final byte[] RECORDING_CONTEXT = "numshield:recording:v1".getBytes(StandardCharsets.UTF_8);

	private static final byte[] IDENTITY_CONTEXT = "numshield:identity:v1".getBytes(StandardCharsets.UTF_8);

	/** 128 bits, 32 hex characters: the size of the unkeyed fingerprint it replaces. */
	private static final int FINGERPRINT_BYTES = 16;

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	private final Aead aead;

	private final SecretKeySpec indexKey;

	/**
	 * One Mac per thread: Mac.getInstance looks the provider up each time, a tenth of a
	 * bind's CPU.
	 */
	private final ThreadLocal<Mac> macs;

	/** Null when the keys hold no idempotency key. */
	private final ThreadLocal<Mac> fingerprintMacs;

	public PersonalDataProtector(ProtectionKeys keys) {
		try {
			this.aead = keys.aeadKeyset().getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot build the AEAD primitive", ex);
		}
		this.indexKey = new SecretKeySpec(keys.blindIndexKey(), "HmacSHA256");
		this.macs = ThreadLocal.withInitial(() -> mac(indexKey));
		byte[] idempotency = keys.idempotencyKey();
		if (idempotency == null) {
			this.fingerprintMacs = null;
		}
		else {
			SecretKeySpec fingerprintKey = new SecretKeySpec(idempotency, "HmacSHA256");
			this.fingerprintMacs = ThreadLocal.withInitial(() -> mac(fingerprintKey));
		}
	}

	private static Mac mac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/**
	 * Refuses (at start-up, by the service that fingerprints) keys without an idempotency
	 * key, with a message that names the command which adds one to an older key
	 * directory.
	 */
	public void requireRequestFingerprintKey() {
		if (fingerprintMacs == null) {
			throw new IllegalStateException("no idempotency key: the key directory (NUMSHIELD_KEYS_DIR) has no "
					+ ProtectionKeys.IDEMPOTENCY_KEY_FILE
					+ " and NUMSHIELD_KEYS_IDEMPOTENCY_KEY is not set. Add it with "
					+ "'java -cp <binding-service jar> -Dloader.main=io.numshield.core.crypto.KeyTool "
					+ "org.springframework.boot.loader.launch.PropertiesLauncher generate <dir>' "
					+ "(keeps the existing keys; make run does this itself)");
		}
	}

	/**
	 * The fingerprint of a request body (its canonical form), for telling a repeated
	 * request from another one under the same {@code Idempotency-Key}: HMAC-SHA256 with
	 * the idempotency key, the first {@value #FINGERPRINT_BYTES} bytes in hex. Equal
	 * bodies give equal fingerprints under one key only; without the key a fingerprint
	 * does not tell which numbers the body held.
	 */
	public String requestFingerprint(String canonicalBody) {
		requireRequestFingerprintKey();
		byte[] full = fingerprintMacs.get().doFinal(canonicalBody.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(full, 0, FINGERPRINT_BYTES);
	}

	/**
	 * The look-up token of a number: equal numbers give equal tokens; the token reveals
	 * nothing.
	 */
	public String blindIndex(RealNumber number) {
		byte[] full = macs.get().doFinal(number.e164().getBytes(StandardCharsets.UTF_8));
		byte[] cut = new byte[BLIND_INDEX_BYTES];
		System.arraycopy(full, 0, cut, 0, BLIND_INDEX_BYTES);
		return URL.encodeToString(cut);
	}

	/**
	 * The look-up token of an identity document: HMAC-SHA256 of
	 * {@code doc:<type>:<number>} (never an E.164 form, which starts with {@code +}, so
	 * never a number's token), cut as {@link #blindIndex}.
	 */
	public String blindIndex(IdType type, String idNumber) {
		byte[] full = macs.get().doFinal(("doc:" + type.name() + ":" + idNumber).getBytes(StandardCharsets.UTF_8));
		byte[] cut = new byte[BLIND_INDEX_BYTES];
		System.arraycopy(full, 0, cut, 0, BLIND_INDEX_BYTES);
		return URL.encodeToString(cut);
	}

	/**
	 * Encrypts a real-name identity (name, document, number) as one ciphertext: base64,
	 * associated data {@code numshield:identity:v1}.
	 */
	public String encryptIdentity(Identity identity) {
		return encryptText(identity.encode(), IDENTITY_CONTEXT);
	}

	public Identity decryptIdentity(String ciphertext) {
		return Identity.decode(decryptText(ciphertext, IDENTITY_CONTEXT, "identity"));
	}

	/**
	 * Encrypts the parties of one binding together (one ciphertext is about 40% smaller
	 * in Redis than two). Order is kept; {@link #decryptParties} gives them back.
	 */
	public String encryptParties(List<RealNumber> parties) {
		StringBuilder plain = new StringBuilder();
		for (RealNumber party : parties) {
			if (!plain.isEmpty()) {
				plain.append(',');
			}
			plain.append(party.e164());
		}
		try {
			return Base64.getEncoder()
				.withoutPadding()
				.encodeToString(aead.encrypt(plain.toString().getBytes(StandardCharsets.UTF_8), PARTIES_CONTEXT));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("encryption failed", ex);
		}
	}

	public List<RealNumber> decryptParties(String ciphertext) {
		try {
			byte[] plain = aead.decrypt(Base64.getDecoder().decode(ciphertext), PARTIES_CONTEXT);
			List<RealNumber> parties = new ArrayList<>(2);
			for (String e164 : new String(plain, StandardCharsets.UTF_8).split(",")) {
				parties.add(RealNumber.fromTrustedE164(e164));
			}
			return parties;
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("ciphertext does not decrypt with any known key", ex);
		}
	}

	/**
	 * Encrypts where a call's recording is (an object-store key or URL, which may name
	 * people): base64 of the AEAD ciphertext, associated data
	 * {@code numshield:recording:v1}.
	 */
	public String encryptRecordingLocation(String location) {
		return encryptText(location, RECORDING_CONTEXT);
	}

	public String decryptRecordingLocation(String ciphertext) {
		return decryptText(ciphertext, RECORDING_CONTEXT, "recording location");
	}

	/**
	 * Encrypts a service secret (a platform's callback secret, an API key secret) for
	 * storage.
	 */
	public String encryptSecret(String secret) {
		return encryptText(secret, SECRET_CONTEXT);
	}

	public String decryptSecret(String ciphertext) {
		return decryptText(ciphertext, SECRET_CONTEXT, "secret");
	}

	/** Text under the AEAD keyset with its own associated data, base64. */
	private String encryptText(String text, byte[] context) {
		try {
			return Base64.getEncoder().encodeToString(aead.encrypt(text.getBytes(StandardCharsets.UTF_8), context));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("encryption failed", ex);
		}
	}

	private String decryptText(String ciphertext, byte[] context, String what) {
		try {
			return new String(aead.decrypt(Base64.getDecoder().decode(ciphertext), context), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException(what + " does not decrypt with any known key", ex);
		}
	}

}
