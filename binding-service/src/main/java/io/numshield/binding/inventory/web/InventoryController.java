package io.numshield.binding.inventory.web;

import io.numshield.binding.inventory.InventoryService;
import io.numshield.binding.inventory.InventoryService.Inventory;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/inventory}: the calling platform's own inventory (ADR 0025). */
@RestController
class InventoryController {

	private final InventoryService inventory;

	InventoryController(InventoryService inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/v1/inventory")
	Inventory inventory(@AuthenticationPrincipal Jwt jwt) {
		String platformId = CallerIdentity.from(jwt).platformId();
		if (platformId == null) {
			throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "a PLATFORM token names its platform");
		}
		return inventory.inventory(platformId);
	}

}
