package io.numshield.binding.platform.web;

import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.platform.PlatformService.CallbackChoice;
import io.numshield.binding.platform.PlatformView;
import io.numshield.core.callback.CallbackKind;
import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.id.CaseId;
import io.numshield.core.id.IndustrialId;
import io.numshield.core.id.PlatformId;
import io.numshield.core.id.PoolId;
import io.numshield.core.token.Role;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/platforms}: register a platform, read it, change its callbacks and
 * industrial identifier, suspend, resume, revoke.
 */
@RestController
class PlatformController {

	private final PlatformService platforms;

	PlatformController(PlatformService platforms) {
		this.platforms = platforms;
	}

	@PostMapping("/v1/platforms")
	@ResponseStatus(HttpStatus.CREATED)
	PlatformView create(@Valid @RequestBody CreatePlatform request, @AuthenticationPrincipal Jwt jwt) {
		return platforms.create(request.platformId(), request.name(), request.pools(), request.maxActiveBindings(),
				request.callbackUrl(), new CallbackChoice(request.callbackEvents(), request.callbackBatchSize(),
						request.callbackBatchWindowMs()),
				request.industrialId(), CallerIdentity.from(jwt).subject());
	}

	/**
	 * Changes the platform's callback switches and batching; a field left out is kept.
	 */
	@PatchMapping("/v1/platforms/{platformId}")
	PlatformView change(@PathVariable String platformId, @Valid @RequestBody ChangePlatform request,
			@AuthenticationPrincipal Jwt jwt) {
		return platforms.change(platformId, new CallbackChoice(request.callbackEvents(), request.callbackBatchSize(),
				request.callbackBatchWindowMs()), request.industrialId(), CallerIdentity.from(jwt).subject());
	}

	@GetMapping("/v1/platforms/{platformId}")
	PlatformView get(@PathVariable String platformId) {
		return platforms.get(platformId);
	}

	@PostMapping("/v1/platforms/{platformId}/suspend")
	PlatformView suspend(@PathVariable String platformId, @Valid @RequestBody Suspension request,
			@AuthenticationPrincipal Jwt jwt) {
		CallerIdentity caller = CallerIdentity.from(jwt);
		if (caller.role() == Role.REGULATOR && request.caseId() == null) {
			throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN",
					"a regulator suspends a platform from a case file: give its caseId");
		}
		return platforms.suspend(platformId, request.reason(), caller.subject(), request.caseId());
	}

	@PostMapping("/v1/platforms/{platformId}/resume")
	PlatformView resume(@PathVariable String platformId, @AuthenticationPrincipal Jwt jwt) {
		return platforms.resume(platformId, CallerIdentity.from(jwt).subject());
	}

	@PostMapping("/v1/platforms/{platformId}/revoke")
	PlatformView revoke(@PathVariable String platformId, @Valid @RequestBody Reason request,
			@AuthenticationPrincipal Jwt jwt) {
		return platforms.revoke(platformId, request.reason(), CallerIdentity.from(jwt).subject());
	}

	record CreatePlatform(@NotNull @Pattern(regexp = PlatformId.CREATE_PATTERN) String platformId,
			@NotBlank @Size(max = 200) String name,
			@NotEmpty @Size(max = 32) List<@NotNull @Pattern(regexp = PoolId.PATTERN) String> pools,
			@Min(1) Long maxActiveBindings, @Size(max = 2048) @Pattern(regexp = "https?://\\S+") String callbackUrl,
			@Size(max = 16) List<@NotNull CallbackKind> callbackEvents,
			@Min(1) @Max(PlatformCallbacks.MAX_BATCH_SIZE) Integer callbackBatchSize,
			@Min(0) @Max(PlatformCallbacks.MAX_BATCH_WINDOW_MS) Integer callbackBatchWindowMs,
			@Pattern(regexp = IndustrialId.PATTERN, message = IndustrialId.RULE) String industrialId) {
	}

	record ChangePlatform(@Size(max = 16) List<@NotNull CallbackKind> callbackEvents,
			@Min(1) @Max(PlatformCallbacks.MAX_BATCH_SIZE) Integer callbackBatchSize,
			@Min(0) @Max(PlatformCallbacks.MAX_BATCH_WINDOW_MS) Integer callbackBatchWindowMs,
			@Pattern(regexp = IndustrialId.PATTERN, message = IndustrialId.RULE) String industrialId) {
	}

	record Reason(@NotBlank @Size(max = 500) String reason) {
	}

	/**
	 * A suspension: an operator's, or a regulator's from a case file ({@code caseId}, ADR
	 * 0030; required of a regulator, only its form checked here).
	 */
	record Suspension(@NotBlank @Size(max = 500) String reason, @Nullable @Pattern(regexp = CaseId.PATTERN,
			message = "caseId is case- and 24 lowercase hex digits") String caseId) {
	}

}
