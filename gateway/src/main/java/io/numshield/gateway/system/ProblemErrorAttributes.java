package io.numshield.gateway.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * The error attributes as a problem document: the management port's {@code /error} (Spring Boot's
 * {@code ManagementErrorEndpoint}, which writes these attributes as they are) answers the contract's
 * problem document too, never {@code {"timestamp":…,"error":…,"path":…}}.
 */
@Component
class ProblemErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Object given = super.getErrorAttributes(request, ErrorAttributeOptions.of(ErrorAttributeOptions.Include.PATH))
			.get("status");
		int status = given instanceof Integer value && value >= 400 ? value : 404;
		Object path = super.getErrorAttributes(request, ErrorAttributeOptions.of(ErrorAttributeOptions.Include.PATH))
			.get("path");
		String code = GatewayErrors.codeOf(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", GatewayProblems.TYPE_BASE + code.toLowerCase().replace('_', '-'));
		String words = code.toLowerCase().replace('_', ' ');
		problem.put("title", Character.toUpperCase(words.charAt(0)) + words.substring(1));
		problem.put("status", status);
		problem.put("detail", GatewayErrors.detailOf(status));
		problem.put("instance", path == null ? "" : path.toString());
		problem.put("code", code);
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
			// the endpoint writes a Map: a content type set beforehand is the one the converter keeps
			servlet.getResponse().setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		}
		return problem;
	}
}
