package io.numshield.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the shared problem advice in every service, and the text rules for what a client sends
 * (JSON strings: {@link TextRulesModule}, picked up by Spring Boot's JSON mapper; query parameters:
 * {@link TextRulesInterceptor}).
 */
@AutoConfiguration
@Import(ProblemAdvice.class)
public class WebConfiguration implements WebMvcConfigurer {

	/** Tomcat's own refusals (an encoded slash in a path, a malformed URI) as problem documents. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
		return factory -> factory.addContextCustomizers(ProblemReportValve.installer());
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
