package io.numshield.gateway.system;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The edge's Tomcat: encoded slashes and backslashes in a path pass through to the edge's
 * filter (which refuses them with a problem document) instead of being refused inside
 * Tomcat's connector with an empty 400. Whatever Tomcat still refuses itself is a problem
 * document through service-support's {@code ProblemConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> edgeTomcat() {
		return factory -> factory.addConnectorCustomizers(connector -> {
			connector.setEncodedSolidusHandling("passthrough");
			connector.setEncodedReverseSolidusHandling("passthrough");
		});
	}

}
