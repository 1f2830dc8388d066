package io.numshield.binding.lease.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.numshield.binding.lease.BindingService;
import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.platform.PlatformView;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/platforms}: every platform with its quota use. Here rather than in
 * {@code platform.web} because the count of active bindings is the lease feature's (which
 * depends on the platform feature, not the other way round).
 */
@RestController
class PlatformListController {

	private final PlatformService platforms;

	private final BindingService bindings;

	PlatformListController(PlatformService platforms, BindingService bindings) {
		this.platforms = platforms;
		this.bindings = bindings;
	}

	@GetMapping("/v1/platforms")
	PlatformList list() {
		return new PlatformList(platforms.list()
			.stream()
			.map(p -> new ListedPlatform(p, bindings.activeBindings(p.platformId())))
			.toList());
	}

	record PlatformList(List<ListedPlatform> platforms) {
	}

	/** A platform view and {@code activeBindings}, side by side in one object. */
	record ListedPlatform(@JsonUnwrapped PlatformView platform, long activeBindings) {
	}

}
