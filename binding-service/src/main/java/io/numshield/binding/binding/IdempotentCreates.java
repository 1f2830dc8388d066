package io.numshield.binding.binding;

import io.numshield.binding.system.BindingProperties;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.support.web.ApiException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import tools.jackson.databind.ObjectMapper;

/**
 * {@code Idempotency-Key} on creates: the same key with the same body within the TTL answers the
 * first response again; with another body, 422 IDEMPOTENCY_KEY_REUSED. A failed first request
 * leaves nothing behind, so the client may retry it. The body is remembered only as its
 * fingerprint, an HMAC with the idempotency key ({@link PersonalDataProtector#requestFingerprint}):
 * the body holds real numbers, which an unkeyed hash would give away to a search of the few
 * numbers it could hold. Without that key the service does not start.
 */
@Service
public class IdempotentCreates {

	private static final int WAIT_ROUNDS = 150;

	private final BindingService bindings;

	private final IdempotencyStore store;

	private final BindingProperties properties;

	private final ObjectMapper json;

	private final PersonalDataProtector protector;

	IdempotentCreates(BindingService bindings, IdempotencyStore store, BindingProperties properties, ObjectMapper json,
			PersonalDataProtector protector) {
		protector.requireRequestFingerprintKey();
		this.bindings = bindings;
		this.store = store;
		this.properties = properties;
		this.json = json;
		this.protector = protector;
	}

	public BindingView create(String platformId, BindingRequest request, String key) {
		if (key == null) {
			return bindings.create(platformId, request);
		}
		if (!key.matches("[A-Za-z0-9._:-]{1,128}")) {
			throw BindingService.invalid("Idempotency-Key must be 1..128 of [A-Za-z0-9._:-]");
		}
		String fingerprint = protector.requestFingerprint(json.writeValueAsString(request));
		String keyHash = sha256(key);
		for (int round = 0; round < WAIT_ROUNDS; round++) {
			IdempotencyStore.Claim claim = store.claim(platformId, keyHash, fingerprint, properties.idempotencyTtl());
			if (claim.claimed()) {
				try {
					BindingView view = bindings.create(platformId, request);
					store.complete(platformId, keyHash, fingerprint, json.writeValueAsString(view),
							properties.idempotencyTtl());
					return view;
				}
				catch (RuntimeException ex) {
					store.abandon(platformId, keyHash);
					throw ex;
				}
			}
			if (!claim.fingerprint().equals(fingerprint)) {
				throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
						"this Idempotency-Key was used with another request body");
			}
			if (claim.response() != null) {
				return json.readValue(claim.response(), BindingView.class);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new ApiException(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_REUSED",
				"a request with this Idempotency-Key is still in progress; retry shortly");
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
				.substring(0, 32);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
