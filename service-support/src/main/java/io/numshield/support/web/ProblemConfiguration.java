package io.numshield.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The problem documents of every servlet application of the platform, the services' and
 * the gateway's alike: what reaches {@code /error} ({@link ProblemErrorController},
 * before Spring Boot's error configuration, which backs off when these beans exist), the
 * management port's {@code /error}
 * ({@link ProblemErrorController.ProblemErrorAttributes}) and what Tomcat refuses itself
 * ({@link ProblemReportValve}). Apart from {@link WebConfiguration}, which only a service
 * behind the internal token takes: the gateway needs these, not the services' advice and
 * request rules.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemErrorController.class)
public class ProblemConfiguration {

	@Bean
	ProblemErrorController.ProblemErrorAttributes problemErrorAttributes() {
		return new ProblemErrorController.ProblemErrorAttributes();
	}

	/**
	 * Tomcat's own refusals (an encoded slash in a path, a malformed URI) as problem
	 * documents.
	 */
	@Bean
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
		return factory -> factory.addContextCustomizers(ProblemReportValve.installer());
	}

}
