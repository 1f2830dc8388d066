package io.numshield.binding;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * binding-service: pools, platforms, the blocklist and the lease lifecycle of virtual
 * numbers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BindingServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(BindingServiceApplication.class, args);
	}

}
