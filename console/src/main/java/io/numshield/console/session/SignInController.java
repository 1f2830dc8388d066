package io.numshield.console.session;

import io.numshield.client.NumShieldClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with an API key id and secret. The key's role is learnt from the API itself:
 * {@code GET /v1/api-keys} answers only an OPERATOR,
 * {@code GET /v1/audit/checkpoints/key} a REGULATOR or an OPERATOR; neither writes to the
 * ledger. Any other role, and a key the gateway refuses, stays signed out with the
 * problem shown.
 */
@Controller
class SignInController {

	private static final Logger log = LoggerFactory.getLogger(SignInController.class);

	private final GatewayApi gateway;

	private final SecurityContextRepository contexts;

	SignInController(GatewayApi gateway, SecurityContextRepository contexts) {
		this.gateway = gateway;
		this.contexts = contexts;
	}

	@GetMapping("/sign-in")
	String form() {
		return "sign-in";
	}

	@PostMapping("/sign-in")
	String signIn(@RequestParam String keyId, @RequestParam String secret, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		ConsoleRole role;
		try {
			role = roleOf(keyId.strip(), secret.strip());
		}
		catch (ApiCallFailed ex) {
			log.warn("sign-in refused: {} {}", ex.problem().status(), ex.problem().code());
			model.addAttribute("problem", ex.problem());
			model.addAttribute("keyId", keyId.strip());
			response.setStatus(ex.problem().status() == 403 ? 403 : 401);
			return "sign-in";
		}
		// a new session id at every sign-in (no fixation); the secret stays in the
		// session
		HttpSession old = request.getSession(false);
		if (old != null) {
			old.invalidate();
		}
		HttpSession session = request.getSession(true);
		session.setAttribute(SignedInKey.ATTRIBUTE, new SignedInKey(keyId.strip(), secret.strip(), role));
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(keyId.strip(), null,
				List.of(new SimpleGrantedAuthority(role.authority()))));
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		log.info("signed in: key {} as {}", keyId.strip(), role);
		return "redirect:/";
	}

	private ConsoleRole roleOf(String keyId, String secret) {
		if (keyId.isEmpty() || secret.isEmpty()) {
			throw new ApiCallFailed(new ApiProblem(401, "Unauthenticated", "a key id and its secret are both needed",
					"UNAUTHENTICATED"));
		}
		NumShieldClient client = gateway.client(keyId, secret);
		NumShieldClient.Answer keys = gateway.exchange(client, "GET", "/v1/api-keys", null, null);
		if (keys.status() == 200) {
			return ConsoleRole.OPERATOR;
		}
		if (keys.status() != 403) {
			throw new ApiCallFailed(ApiProblem.of(keys));
		}
		NumShieldClient.Answer checkpointKey = gateway.exchange(client, "GET", "/v1/audit/checkpoints/key", null, null);
		if (checkpointKey.status() == 200) {
			return ConsoleRole.REGULATOR;
		}
		if (checkpointKey.status() == 403) {
			throw new ApiCallFailed(new ApiProblem(403, "Forbidden",
					"the console is for OPERATOR and REGULATOR keys; this key has another role", "FORBIDDEN"));
		}
		throw new ApiCallFailed(ApiProblem.of(checkpointKey));
	}

}
