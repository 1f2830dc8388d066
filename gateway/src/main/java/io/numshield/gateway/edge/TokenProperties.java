package io.numshield.gateway.edge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param internalTokenSecret HS256 secret shared with the services, at least 32 bytes
 * ({@code NUMSHIELD_INTERNAL_TOKEN_SECRET})
 */
@Validated
@ConfigurationProperties("numshield")
record TokenProperties(@NotBlank @Size(min = 32) String internalTokenSecret) {
}
