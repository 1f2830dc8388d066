package io.numshield.binding.lease.web;

import io.numshield.binding.lease.BindingChange;
import io.numshield.binding.lease.BindingRequest;
import io.numshield.binding.lease.BindingService;
import io.numshield.binding.lease.BindingView;
import io.numshield.binding.lease.IdempotentCreates;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.security.CallerIdentity;
import jakarta.validation.Valid;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/bindings}: the platform side of the lease lifecycle. The platform comes from
 * the token.
 */
@RestController
class BindingController {

	private final IdempotentCreates creates;

	private final BindingService bindings;

	BindingController(IdempotentCreates creates, BindingService bindings) {
		this.creates = creates;
		this.bindings = bindings;
	}

	@PostMapping("/v1/bindings")
	@ResponseStatus(HttpStatus.CREATED)
	BindingView create(@Valid @RequestBody BindingRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@AuthenticationPrincipal Jwt jwt) {
		return creates.create(platform(jwt), request, idempotencyKey);
	}

	@GetMapping("/v1/bindings/{bindingId}")
	BindingView get(@PathVariable String bindingId, @AuthenticationPrincipal Jwt jwt) {
		return bindings.get(platform(jwt), bindingId);
	}

	/**
	 * The platform's own active bindings of one order, or on one virtual number (and
	 * extension): exactly one of {@code orderId} and {@code virtualNumber}.
	 */
	@GetMapping("/v1/bindings")
	Map<String, List<BindingView>> find(@RequestParam(required = false) String orderId,
			@RequestParam(required = false) String virtualNumber, @RequestParam(required = false) String extension,
			@AuthenticationPrincipal Jwt jwt) {
		if ((orderId == null) == (virtualNumber == null)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "give exactly one of orderId and virtualNumber");
		}
		if (orderId != null) {
			if (extension != null) {
				throw new Refusal(ProblemCode.VALIDATION_FAILED, "extension goes with virtualNumber");
			}
			return Map.of("bindings", bindings.findByOrder(platform(jwt), orderId));
		}
		return Map.of("bindings", bindings.findByNumber(platform(jwt), virtualNumber, extension));
	}

	@PatchMapping("/v1/bindings/{bindingId}")
	BindingView change(@PathVariable String bindingId, @Valid @RequestBody BindingChange change,
			@AuthenticationPrincipal Jwt jwt) {
		return bindings.change(platform(jwt), bindingId, change);
	}

	@DeleteMapping("/v1/bindings/{bindingId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void release(@PathVariable String bindingId, @AuthenticationPrincipal Jwt jwt) {
		bindings.release(platform(jwt), bindingId);
	}

	/**
	 * The platform a PLATFORM token names (the decoder refuses one that names none); the
	 * hot path's too.
	 */
	static String platform(Jwt jwt) {
		String platformId = CallerIdentity.from(jwt).platformId();
		if (platformId == null) {
			throw new io.numshield.support.web.ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN",
					"a PLATFORM token names its platform");
		}
		return platformId;
	}

}
