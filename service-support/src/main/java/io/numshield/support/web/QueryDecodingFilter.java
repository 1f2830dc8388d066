package io.numshield.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query whose escapes do not decode (invalid UTF-8, such as the bytes of a lone
 * surrogate {@code %ED%A0%80}) makes Tomcat throw when anything first reads the
 * parameters: Spring Security's firewall, deep in the filter chain, where the failure
 * became a 500 (found by the contract fuzz test). This filter runs first and reads them
 * itself, so that such a request is a 400 {@code VALIDATION_FAILED} problem document
 * before any other code sees it.
 */
public class QueryDecodingFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getQueryString() != null) {
			try {
				request.getParameterMap();
			}
			catch (IllegalStateException | IllegalArgumentException undecodable) {
				// Tomcat's InvalidParameterException is an IllegalStateException; its
				// message quotes the value
				response.setStatus(HttpStatus.BAD_REQUEST.value());
				response.setContentType("application/problem+json");
				response.setCharacterEncoding("UTF-8");
				response.getWriter()
					.write(Problems.json(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
							"the query does not decode: every escape must be UTF-8 of a character",
							request.getRequestURI()));
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
