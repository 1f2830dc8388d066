package io.numshield.console.session;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The start page of each role, and the page of a page the role may not open. */
@Controller
class HomeController {

	@GetMapping("/")
	String home(HttpSession session) {
		SignedInKey key = SignedInKey.of(session);
		if (key == null) {
			return "redirect:/sign-in";
		}
		return key.role() == ConsoleRole.OPERATOR ? "redirect:/operator/pools" : "redirect:/regulator/trace";
	}

	/**
	 * Any method: a refused POST (no CSRF token, another role's action) is forwarded
	 * here.
	 */
	@RequestMapping("/denied")
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String denied() {
		return "denied";
	}

}
