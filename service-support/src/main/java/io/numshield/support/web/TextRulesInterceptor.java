package io.numshield.support.web;

import io.numshield.core.text.TextRules;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Query parameters pass {@link TextRules} too, names and values, and none is given twice
 * (no operation takes a repeated parameter, and Spring would silently bind the first):
 * 400 VALIDATION_FAILED naming the parameter.
 */
class TextRulesInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			String name = parameter.getKey();
			if (TextRules.violation(name) != null) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
						"a query parameter's name " + TextRules.violation(name));
			}
			if (parameter.getValue().length > 1) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
						"query parameter " + name + " is given more than once");
			}
			for (String value : parameter.getValue()) {
				String violation = TextRules.violation(value);
				if (violation != null) {
					throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
							"query parameter " + name + ": the text " + violation);
				}
			}
		}
		return true;
	}

}
