package io.numshield.binding.pool.web;

import io.numshield.binding.pool.BlockView;
import io.numshield.binding.pool.NumberKind;
import io.numshield.binding.pool.PoolService;
import io.numshield.binding.pool.PoolService.BlocksAdded;
import io.numshield.binding.pool.PoolView;
import io.numshield.binding.pool.RegionCodes;
import io.numshield.core.id.PoolId;
import io.numshield.core.redis.CallControls;
import io.numshield.support.security.CallerIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/pools}: create a pool, add blocks, read its (or every pool's) live
 * utilisation; drain a block and remove a drained one (ADR 0026).
 */
@RestController
class PoolController {

	private final PoolService pools;

	PoolController(PoolService pools) {
		this.pools = pools;
	}

	@PostMapping("/v1/pools")
	@ResponseStatus(HttpStatus.CREATED)
	PoolView create(@Valid @RequestBody CreatePool request) {
		return pools.create(request.poolId(), request.region(), request.numberKind(), request.maxBindingsPerNumber(),
				request.cooldownSeconds(), request.extensionDigits(), request.maxExtensionsPerNumber(),
				new CallControls(request.maxCallDurationSeconds(), request.announcementId(), request.ringbackToneId()),
				Boolean.TRUE.equals(request.requireIdentityReport()), request.cityCode(), request.provinceCode());
	}

	@PostMapping("/v1/pools/{poolId}/blocks")
	@ResponseStatus(HttpStatus.CREATED)
	BlocksAdded addBlocks(@PathVariable String poolId, @Valid @RequestBody AddBlocks request) {
		return pools.addBlocks(poolId, request.managementNumbers(), request.numbers());
	}

	@PostMapping("/v1/pools/{poolId}/blocks/{managementNumber}/drain")
	BlockView drain(@PathVariable String poolId, @PathVariable String managementNumber,
			@AuthenticationPrincipal Jwt jwt) {
		return pools.drain(poolId, managementNumber, CallerIdentity.from(jwt).subject());
	}

	@DeleteMapping("/v1/pools/{poolId}/blocks/{managementNumber}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@PathVariable String poolId, @PathVariable String managementNumber, @AuthenticationPrincipal Jwt jwt) {
		pools.remove(poolId, managementNumber, CallerIdentity.from(jwt).subject());
	}

	@GetMapping("/v1/pools")
	PoolList list() {
		return new PoolList(pools.list());
	}

	@GetMapping("/v1/pools/{poolId}")
	PoolView get(@PathVariable String poolId) {
		return pools.get(poolId);
	}

	record CreatePool(@NotNull @Pattern(regexp = PoolId.PATTERN) String poolId, @Size(max = 64) String region,
			@NotNull NumberKind numberKind, @Min(1) @Max(5000) Integer maxBindingsPerNumber,
			@Min(0) @Max(31_536_000) Long cooldownSeconds, @Min(1) @Max(6) Integer extensionDigits,
			@Min(1) @Max(999_999) Integer maxExtensionsPerNumber,
			@Min(1) @Max(CallControls.MAX_DURATION_LIMIT) Integer maxCallDurationSeconds,
			@Pattern(regexp = CallControls.ID_PATTERN) String announcementId,
			@Pattern(regexp = CallControls.ID_PATTERN) String ringbackToneId, Boolean requireIdentityReport,
			@Pattern(regexp = RegionCodes.CITY_PATTERN,
					message = "must be a GB/T 2260 city code (PPCC00)") String cityCode,
			@Pattern(regexp = RegionCodes.PROVINCE_PATTERN,
					message = "must be a GB/T 2260 province code (PP0000)") String provinceCode) {
	}

	record PoolList(List<PoolView> pools) {
	}

	record AddBlocks(@Size(max = 1000) List<String> managementNumbers, @Size(max = 10_000) List<String> numbers) {
	}

}
