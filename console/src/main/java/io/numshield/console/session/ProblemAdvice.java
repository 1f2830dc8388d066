package io.numshield.console.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * An API refusal becomes its problem's title, detail and code on the page, with the
 * problem's status: the whole page (with the signed-in key's header and navigation), or
 * for an htmx request the fragment it swaps in.
 */
@ControllerAdvice
class ProblemAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler(ApiCallFailed.class)
	String apiCallFailed(ApiCallFailed ex, HttpServletRequest request, HttpServletResponse response, Model model) {
		ApiProblem problem = ex.problem();
		log.warn("{} {}: the API answered {} {}", request.getMethod(), request.getRequestURI(), problem.status(),
				problem.code());
		response.setStatus(problem.status());
		model.addAttribute("problem", problem);
		// an exception handler's model has no @ModelAttribute of the advice: the refused
		// page keeps its header (the key, the role's navigation, sign-out) this way
		model.addAttribute("me", CurrentKeyAdvice.of(request));
		if (request.getHeader("HX-Request") == null) {
			return "problem";
		}
		// htmx: into the page's problem slot, not in place of what the action would have
		// changed
		response.setHeader("HX-Retarget", "#problem-slot");
		response.setHeader("HX-Reswap", "innerHTML");
		return "fragments :: problem";
	}

}
