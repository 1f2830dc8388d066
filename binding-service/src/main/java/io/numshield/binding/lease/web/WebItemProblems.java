package io.numshield.binding.lease.web;

import io.numshield.binding.lease.ItemProblems;
import io.numshield.core.number.InvalidPhoneNumberException;
import io.numshield.core.number.InvalidVirtualNumberException;
import io.numshield.core.problem.Refusal;
import io.numshield.support.web.Problems;
import io.numshield.support.web.StoreUnavailable;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * A batch item's problem as {@code ProblemAdvice} would answer the same failure of a
 * single bind: the same status, code, detail and extension members, without
 * {@code instance} (the item has no path of its own). A failure the contract does not
 * name is logged at ERROR, as there.
 */
@Component
class WebItemProblems implements ItemProblems {

	private static final Logger log = LoggerFactory.getLogger(WebItemProblems.class);

	@Override
	public Problem of(Throwable failure) {
		if (failure instanceof Refusal refusal) {
			return problem(refusal.status(), refusal.code().name(), refusal.getMessage(), refusal.extensions());
		}
		if (failure instanceof InvalidPhoneNumberException) {
			return problem(400, "INVALID_PHONE_NUMBER", failure.getMessage(), Map.of());
		}
		if (failure instanceof InvalidVirtualNumberException) {
			return problem(400, "INVALID_VIRTUAL_NUMBER", failure.getMessage(), Map.of());
		}
		if (StoreUnavailable.matches(failure)) {
			log.warn("a batch item -> 503 {}: {}", StoreUnavailable.CODE, StoreUnavailable.describe(failure));
			return problem(503, StoreUnavailable.CODE, StoreUnavailable.DETAIL, Map.of());
		}
		log.error("unexpected failure of a batch item", failure);
		return problem(500, "INTERNAL_ERROR", "unexpected failure; it has been logged", Map.of());
	}

	private static Problem problem(int status, String code, String detail, Map<String, String> extensions) {
		ProblemDetail problem = Problems.of(HttpStatus.valueOf(status), code, detail, null);
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", problem.getType().toString());
		members.put("title", problem.getTitle());
		members.put("status", status);
		members.put("detail", detail);
		if (problem.getProperties() != null) {
			members.putAll(problem.getProperties());
		}
		members.putAll(extensions);
		return new Problem(status, members);
	}

}
