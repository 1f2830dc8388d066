package io.numshield.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the shared problem advice in every service, and the text rules for what a client sends
 * (JSON strings: {@link TextRulesModule}, picked up by Spring Boot's JSON mapper; query parameters:
 * {@link TextRulesInterceptor}), and the problem documents that replace Spring's {@code /error}
 * answers ({@link ProblemErrorController}; before Spring Boot's error configuration, which backs off
 * when these beans exist).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@Import({ ProblemAdvice.class, ProblemErrorController.class })
public class WebConfiguration implements WebMvcConfigurer {

	/** Tomcat's own refusals (an encoded slash in a path, a malformed URI) as problem documents. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
		return factory -> factory.addContextCustomizers(ProblemReportValve.installer());
	}

	/**
	 * Before every other filter (Spring Security's included) but the warm-up's gate and the hot filters
	 * ({@code HIGHEST_PRECEDENCE} and {@code + 1}; they take no request with a query): a query that
	 * does not decode is a 400.
	 */
	@Bean
	FilterRegistrationBean<QueryDecodingFilter> queryDecodingFilter() {
		FilterRegistrationBean<QueryDecodingFilter> registration = new FilterRegistrationBean<>(new QueryDecodingFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	ProblemErrorController.ProblemErrorAttributes problemErrorAttributes() {
		return new ProblemErrorController.ProblemErrorAttributes();
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
