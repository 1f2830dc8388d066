package io.numshield.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the shared problem advice in every service, and the text rules for what a
 * client sends (JSON strings: {@link TextRulesModule}, picked up by Spring Boot's JSON
 * mapper; query parameters: {@link TextRulesInterceptor}; a query that does not decode:
 * {@link QueryDecodingFilter}). Only in a service behind the internal token, which says
 * so with its {@code EndpointRules}: the gateway has its own refusals at the edge and
 * takes only the problem documents ({@link ProblemConfiguration}).
 */
@AutoConfiguration(after = ProblemConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
// by name: web is below security (security writes its refusals with Problems), never the
// other way
@ConditionalOnBean(type = "io.numshield.support.security.EndpointRules")
@Import(ProblemAdvice.class)
public class WebConfiguration implements WebMvcConfigurer {

	/**
	 * Before every other filter (Spring Security's included) but the warm-up's gate and
	 * the hot filters ({@code HIGHEST_PRECEDENCE} and {@code + 1}; they take no request
	 * with a query): a query that does not decode is a 400.
	 */
	@Bean
	FilterRegistrationBean<QueryDecodingFilter> queryDecodingFilter() {
		FilterRegistrationBean<QueryDecodingFilter> registration = new FilterRegistrationBean<>(
				new QueryDecodingFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	TextRulesModule textRulesModule() {
		return new TextRulesModule();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new TextRulesInterceptor());
	}

}
