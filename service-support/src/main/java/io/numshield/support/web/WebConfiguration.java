package io.numshield.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
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

	@Bean
	TextRulesModule textRulesModule() {
		return new TextRulesModule();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new TextRulesInterceptor());
	}
}
