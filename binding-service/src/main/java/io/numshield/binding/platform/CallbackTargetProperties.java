package io.numshield.binding.platform;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where callbacks may go ({@code numshield.callbacks.*}, the same setting as
 * call-routing-service's).
 *
 * @param allowedInternal callback targets that may point inside although the address rule
 * refuses them ({@code NUMSHIELD_CALLBACKS_ALLOWED_INTERNAL}, comma-separated):
 * {@code host}, {@code host:port} or a URL prefix such as
 * {@code http://127.0.0.1:9000/hooks}; empty by default
 */
@ConfigurationProperties("numshield.callbacks")
record CallbackTargetProperties(@DefaultValue List<String> allowedInternal) {
}
