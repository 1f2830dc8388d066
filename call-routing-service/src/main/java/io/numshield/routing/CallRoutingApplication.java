package io.numshield.routing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Call routing for carriers: where a call to a 700 number goes (filled by the call-routing issue). */
@SpringBootApplication
public class CallRoutingApplication {

	public static void main(String[] args) {
		SpringApplication.run(CallRoutingApplication.class, args);
	}
}
