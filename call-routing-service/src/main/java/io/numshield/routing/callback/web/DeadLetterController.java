package io.numshield.routing.callback.web;

import io.numshield.routing.callback.DeadLetters;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/callbacks/dead-letters} → 200 a page of the callbacks given up, newest
 * first, without bodies; {@code POST /v1/callbacks/dead-letters/{eventId}/redelivery} →
 * 204 back on the delivery queue, 404 NOT_FOUND for an event that is not a dead letter.
 * OPERATOR only (the routing service's {@code EndpointRules}).
 */
@RestController
class DeadLetterController {

	private final DeadLetters deadLetters;

	DeadLetterController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping("/v1/callbacks/dead-letters")
	DeadLetters.Page list(@RequestParam(required = false) @Nullable String platformId,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) @Nullable String cursor) {
		return deadLetters.list(platformId == null || platformId.isEmpty() ? null : platformId, limit,
				cursor == null || cursor.isEmpty() ? null : cursor);
	}

	@PostMapping("/v1/callbacks/dead-letters/{eventId}/redelivery")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void redeliver(@PathVariable String eventId) {
		deadLetters.redeliver(eventId);
	}

}
