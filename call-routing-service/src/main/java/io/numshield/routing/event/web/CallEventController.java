package io.numshield.routing.event.web;

import io.numshield.routing.event.CallEventRequest;
import io.numshield.routing.event.CallEventService;
import io.numshield.routing.event.CallEventService.Recorded;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/call-events} → 202: recorded, and on its way to the platform. */
@RestController
class CallEventController {

	private final CallEventService events;

	CallEventController(CallEventService events) {
		this.events = events;
	}

	@PostMapping("/v1/call-events")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Recorded record(@Valid @RequestBody CallEventRequest request) {
		return events.record(request);
	}
}
