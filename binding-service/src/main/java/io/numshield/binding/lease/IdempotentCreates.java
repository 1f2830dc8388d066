package io.numshield.binding.lease;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.id.IdempotencyKey;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;

import tools.jackson.databind.ObjectMapper;

/**
 * {@code Idempotency-Key} on creates: the same key with the same body within the TTL
 * answers the first response again; with another body, 422 IDEMPOTENCY_KEY_REUSED. A
 * failed first request leaves nothing behind, so the client may retry it. The body is
 * remembered only as its fingerprint, an HMAC with the idempotency key
 * ({@link PersonalDataProtector#requestFingerprint}): the body holds real numbers, which
 * an unkeyed hash would give away to a search of the few numbers it could hold. Without
 * that key the service does not start.
 */
@Service
public class IdempotentCreates implements io.numshield.binding.group.CreateOnce {

	private static final int WAIT_ROUNDS = 150;

	private final BindingService bindings;

	private final IdempotencyStore store;

	private final LeaseProperties properties;

	private final ObjectMapper json;

	private final PersonalDataProtector protector;

	IdempotentCreates(BindingService bindings, IdempotencyStore store, LeaseProperties properties, ObjectMapper json,
			PersonalDataProtector protector) {
		protector.requireRequestFingerprintKey();
		this.bindings = bindings;
		this.store = store;
		this.properties = properties;
		this.json = json;
		this.protector = protector;
	}

	/**
	 * The same creates on the warm-up's binding service and idempotency store (ADR 0010).
	 */
	public IdempotentCreates twin(BindingService otherBindings, IdempotencyStore otherStore) {
		return new IdempotentCreates(otherBindings, otherStore, properties, json, protector);
	}

	public BindingView create(String platformId, BindingRequest request, String key) {
		if (key == null) {
			return bindings.create(platformId, request);
		}
		return once(platformId, "", key, json.writeValueAsString(request), BindingView.class,
				() -> bindings.create(platformId, request));
	}

	/**
	 * {@code work} once per key and body, as {@link #create}: the same key with the same
	 * body answers the first answer again (read as {@code type}), with another body 422.
	 * {@code scope} keeps one kind of request's keys apart from another's (a batch's,
	 * {@link BatchBinds}, from a single create's).
	 */
	@Override
	public <T> T once(String platformId, String scope, String key, String body, Class<T> type, Supplier<T> work) {
		Keyed keyed = keyed(scope, key, body);
		T first = remembered(platformId, keyed, type);
		if (first != null) {
			return first;
		}
		try {
			T answer = work.get();
			store.complete(platformId, keyed.hash(), keyed.fingerprint(), json.writeValueAsString(answer),
					properties.idempotencyTtl());
			return answer;
		}
		catch (RuntimeException ex) {
			store.abandon(platformId, keyed.hash());
			throw ex;
		}
	}

	/**
	 * {@link #create}, the lease without waiting (the hot path). With a key, claiming it
	 * stays on the calling thread (a Redis round trip, and a wait while another request
	 * with the key is running); the lease and the response's remembering then run as
	 * Redisson completes them.
	 */
	public CompletionStage<BindingView> createAsync(String platformId, BindingRequest request, String key) {
		if (key == null) {
			return bindings.createAsync(platformId, request);
		}
		Keyed keyed = keyed("", key, json.writeValueAsString(request));
		BindingView first = remembered(platformId, keyed, BindingView.class);
		if (first != null) {
			return CompletableFuture.completedStage(first);
		}
		// as create: a failure, the lease's or the remembering's, frees the key for a
		// retry
		return bindings.createAsync(platformId, request)
			.thenCompose(view -> store
				.completeAsync(platformId, keyed.hash(), keyed.fingerprint(), json.writeValueAsString(view),
						properties.idempotencyTtl())
				.thenApply(done -> view))
			.exceptionallyCompose(failure -> store.abandonAsync(platformId, keyed.hash())
				.handle((done, unabandoned) -> done)
				.thenCompose(done -> CompletableFuture.failedStage(failure)));
	}

	private Keyed keyed(String scope, String key, String body) {
		if (!IdempotencyKey.isValid(key)) {
			throw BindingService.invalid("Idempotency-Key must be 1..128 of [A-Za-z0-9._:-]");
		}
		return new Keyed(sha256(scope + key), protector.requestFingerprint(body));
	}

	/**
	 * The first response to this key and body, waiting while the first request still
	 * runs; {@code null} once this request holds the key and is to lease.
	 */
	private <T> T remembered(String platformId, Keyed keyed, Class<T> type) {
		for (int round = 0; round < WAIT_ROUNDS; round++) {
			IdempotencyStore.Claim claim = store.claim(platformId, keyed.hash(), keyed.fingerprint(),
					properties.idempotencyTtl());
			if (claim.claimed()) {
				return null;
			}
			if (!claim.fingerprint().equals(keyed.fingerprint())) {
				throw new Refusal(ProblemCode.IDEMPOTENCY_KEY_REUSED,
						"this Idempotency-Key was used with another request body");
			}
			if (claim.response() != null) {
				return json.readValue(claim.response(), type);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new Refusal(ProblemCode.IDEMPOTENCY_KEY_REUSED, 409,
				"a request with this Idempotency-Key is still in progress; retry shortly");
	}

	/** The key as stored (a hash of it) and the body's keyed fingerprint. */
	private record Keyed(String hash, String fingerprint) {
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
