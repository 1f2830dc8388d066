package io.numshield.support.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The internal token every service accepts.
 *
 * @param internalTokenSecret HS256 secret shared with the gateway, at least 32 bytes
 * ({@code NUMSHIELD_INTERNAL_TOKEN_SECRET})
 */
@Validated
@ConfigurationProperties("numshield")
public record InternalTokenProperties(@NotBlank @Size(min = 32) String internalTokenSecret) {
}
