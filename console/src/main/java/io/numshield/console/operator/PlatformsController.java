package io.numshield.console.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.numshield.console.session.ApiCallFailed;
import io.numshield.console.session.ApiProblem;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Platforms with their status and quota use ({@code GET /v1/platforms}); suspend and
 * revoke ask for the reason the API records, resume needs none. Each action answers the
 * platform's row again, which htmx swaps in place.
 */
@Controller
class PlatformsController {

	private final GatewayApi gateway;

	PlatformsController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/operator/platforms")
	String platforms(HttpSession session, Model model) {
		model.addAttribute("platforms",
				gateway.call(SignedInKey.required(session), "GET", "/v1/platforms", null, null)
					.as(PlatformList.class)
					.platforms());
		return "operator/platforms";
	}

	@PostMapping("/operator/platforms/{platformId}/{action:suspend|resume|revoke}")
	String act(@PathVariable String platformId, @PathVariable String action,
			@RequestParam(required = false) @Nullable String reason, HttpSession session, Model model) {
		SignedInKey key = SignedInKey.required(session);
		if (!action.equals("resume") && (reason == null || reason.isBlank())) {
			throw new ApiCallFailed(new ApiProblem(400, "Validation failed",
					"a reason is needed to " + action + " a platform: it goes into the ledger", "VALIDATION_FAILED"));
		}
		String path = "/v1/platforms/" + GatewayPaths.segment(platformId) + "/" + action;
		gateway.call(key, "POST", path, null, action.equals("resume") ? null : Map.of("reason", reason.strip()));
		// the row again, as the list shows it (with its quota use)
		Platform platform = gateway.call(key, "GET", "/v1/platforms", null, null)
			.as(PlatformList.class)
			.platforms()
			.stream()
			.filter(p -> p.platformId().equals(platformId))
			.findFirst()
			.orElseThrow();
		model.addAttribute("p", platform);
		model.addAttribute("done", action);
		return "operator/platform-row :: row";
	}

	/** A platform as {@code GET /v1/platforms} lists it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Platform(String platformId, String name, List<String> pools, @Nullable Long maxActiveBindings,
			String status, @Nullable String statusReason, long activeBindings) {

		public String quota() {
			return maxActiveBindings == null ? activeBindings + " (no quota)"
					: activeBindings + " / " + maxActiveBindings;
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record PlatformList(List<Platform> platforms) {
	}

}
