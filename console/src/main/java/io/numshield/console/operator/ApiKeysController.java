package io.numshield.console.operator;

import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * API keys ({@code /v1/api-keys}): the list (never a secret), issuing one (its secret
 * shown in that answer once, with {@code Cache-Control: no-store}, and kept nowhere),
 * approving a pending OPERATOR or REGULATOR key (a second operator), revoking.
 */
@Controller
class ApiKeysController {

	private final GatewayApi gateway;

	ApiKeysController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/operator/api-keys")
	String keys(HttpSession session, Model model) {
		list(session, model);
		return "operator/api-keys";
	}

	@PostMapping("/operator/api-keys")
	String issue(@RequestParam String role, @RequestParam(required = false) @Nullable String platformId,
			@RequestParam(required = false) @Nullable String pools,
			@RequestParam(required = false) @Nullable String description, HttpSession session,
			HttpServletResponse response, Model model) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("role", role);
		if (platformId != null && !platformId.isBlank()) {
			body.put("platformId", platformId.strip());
		}
		if (pools != null && !pools.isBlank()) {
			body.put("pools", Arrays.stream(pools.split("[,\\s]+")).filter(p -> !p.isBlank()).toList());
		}
		if (description != null && !description.isBlank()) {
			body.put("description", description.strip());
		}
		Map<?, ?> issued = gateway.call(SignedInKey.required(session), "POST", "/v1/api-keys", null, body)
			.as(Map.class);
		response.setHeader("Cache-Control", "no-store");
		model.addAttribute("issued", issued);
		list(session, model);
		return "operator/api-keys :: keys";
	}

	@PostMapping("/operator/api-keys/{keyId}/{action:approve|revoke}")
	String act(@PathVariable String keyId, @PathVariable String action, HttpSession session, Model model) {
		SignedInKey key = SignedInKey.required(session);
		if (action.equals("approve")) {
			gateway.call(key, "POST", "/v1/api-keys/" + GatewayPaths.segment(keyId) + "/approvals", null, null);
		}
		else {
			gateway.call(key, "DELETE", "/v1/api-keys/" + GatewayPaths.segment(keyId), null, null);
		}
		list(session, model);
		return "operator/api-keys :: keys";
	}

	private void list(HttpSession session, Model model) {
		Map<?, ?> answer = gateway.call(SignedInKey.required(session), "GET", "/v1/api-keys", null, null).as(Map.class);
		model.addAttribute("keys", answer.get("apiKeys") instanceof List<?> list ? list : List.of());
	}

}
