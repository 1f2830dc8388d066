package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/**
 * An entry of the platform's own blocklist: the number masked ({@code 139****0102}), the
 * reason given, when, and whether it is blocked now ({@code false} in the answer to a
 * removal).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlockedNumber(String number, String reason, Instant at, boolean blocked) {
}
