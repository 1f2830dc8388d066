package io.numshield.binding.group;

import java.util.function.Supplier;

/**
 * Port: a create done once per platform, {@code Idempotency-Key} and body, with the same
 * rules and store as {@code POST /v1/bindings} (the same key and body answer the first
 * answer again; another body is refused with {@code IDEMPOTENCY_KEY_REUSED}). The lease
 * feature implements it; groups take it through this port, as the lease feature takes
 * groups through {@link GroupService}.
 */
public interface CreateOnce {

	/**
	 * {@code work} once per key and body; {@code scope} keeps one kind of request's keys
	 * apart from another's. The first answer is remembered as JSON and read back as
	 * {@code type}.
	 */
	<T> T once(String platformId, String scope, String key, String body, Class<T> type, Supplier<T> work);

}
