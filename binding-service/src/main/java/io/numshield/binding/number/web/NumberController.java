package io.numshield.binding.number.web;

import io.numshield.binding.number.FlagKind;
import io.numshield.binding.number.NumberLifecycle;
import io.numshield.binding.number.NumberLifecycle.FlagAnswer;
import io.numshield.binding.number.NumberLifecycle.NumberPage;
import io.numshield.binding.number.NumberState;
import io.numshield.binding.number.QuarantineReason;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.token.Role;
import io.numshield.support.security.CallerIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/numbers/{virtualNumber}}: a number's state, its quarantine and the lift of
 * it (OPERATOR), carriers' flags (CARRIER);
 * {@code /v1/pools/{poolId}/blocks/{mn}/numbers}: a block's numbers with their state
 * (OPERATOR).
 */
@RestController
@Validated
class NumberController {

	private final NumberLifecycle numbers;

	NumberController(NumberLifecycle numbers) {
		this.numbers = numbers;
	}

	@GetMapping("/v1/numbers/{virtualNumber}")
	NumberState get(@PathVariable String virtualNumber) {
		return numbers.state(VirtualNumber.parse(virtualNumber));
	}

	@PostMapping("/v1/numbers/{virtualNumber}/quarantine")
	NumberState quarantine(@PathVariable String virtualNumber, @Valid @RequestBody Quarantine request,
			@AuthenticationPrincipal Jwt jwt) {
		return numbers.quarantine(VirtualNumber.parse(virtualNumber), request.reason(), request.until(), request.note(),
				CallerIdentity.from(jwt).subject());
	}

	@PostMapping("/v1/numbers/{virtualNumber}/quarantine/release")
	NumberState release(@PathVariable String virtualNumber, @Valid @RequestBody Release request,
			@AuthenticationPrincipal Jwt jwt) {
		return numbers.lift(VirtualNumber.parse(virtualNumber), request.reason(), CallerIdentity.from(jwt).subject());
	}

	@PostMapping("/v1/numbers/{virtualNumber}/flags")
	@ResponseStatus(HttpStatus.CREATED)
	FlagAnswer flag(@PathVariable String virtualNumber, @Valid @RequestBody Flag request,
			@AuthenticationPrincipal Jwt jwt) {
		CallerIdentity caller = CallerIdentity.from(jwt);
		if (caller.role() != Role.CARRIER) {
			throw new Refusal(ProblemCode.FORBIDDEN, "only carriers flag numbers");
		}
		return numbers.flag(VirtualNumber.parse(virtualNumber), request.kind(), request.note(), caller);
	}

	@GetMapping("/v1/pools/{poolId}/blocks/{managementNumber}/numbers")
	NumberPage list(@PathVariable String poolId, @PathVariable String managementNumber,
			@RequestParam(required = false) @Pattern(regexp = NumberState.STATES) @Nullable String state,
			@RequestParam(required = false) @Min(0) @Max(9999) @Nullable Integer cursor,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return numbers.numbers(poolId, managementNumber, state, cursor, limit);
	}

	record Quarantine(@NotNull QuarantineReason reason, @Nullable Instant until,
			@Size(max = 500) @Nullable String note) {
	}

	record Release(@NotBlank @Size(max = 500) String reason) {
	}

	record Flag(@NotNull FlagKind kind, @Size(max = 500) @Nullable String note) {
	}

}
