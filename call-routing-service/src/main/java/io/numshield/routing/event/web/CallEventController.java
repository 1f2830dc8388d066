package io.numshield.routing.event.web;

import io.numshield.routing.event.CallEventRequest;
import io.numshield.routing.event.CallEventService;
import io.numshield.routing.event.CallEventService.Recorded;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.security.CallerIdentity;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/call-events} → 202: recorded, and on its way to the platform; 403
 * OUT_OF_SCOPE for a number outside the carrier's pools, before anything is read or
 * recorded.
 */
@RestController
class CallEventController {

	private final CallEventService events;

	private final CarrierScope scope;

	CallEventController(CallEventService events, CarrierScope scope) {
		this.events = events;
		this.scope = scope;
	}

	@PostMapping("/v1/call-events")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Recorded record(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody CallEventRequest request) {
		scope.check(CallerIdentity.from(jwt), request.dialed().number());
		return events.record(request);
	}

}
