package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.net.URI;
import java.time.Instant;

/**
 * {@code GET /v1/calls/{callId}/recording}: a link to the call's recording, fetched
 * without a signature ({@code GET url}: the token in it is the credential) until
 * {@code expiresAt}, about 5 minutes after it was issued.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordingLink(URI url, Instant expiresAt) {
}
