package io.numshield.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Registers the shared problem advice in every service. */
@AutoConfiguration
@Import(ProblemAdvice.class)
public class WebConfiguration {
}
