package io.numshield.routing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * call-routing-service: answers carriers at call setup where a call to a virtual number
 * goes.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CallRoutingApplication {

	public static void main(String[] args) {
		SpringApplication.run(CallRoutingApplication.class, args);
	}

}
