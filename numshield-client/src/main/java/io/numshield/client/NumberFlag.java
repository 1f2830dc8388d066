package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to a carrier's flag of a number: the number, the flag's kind, how many flags
 * it has within the window, how many quarantine it, and whether this one did.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NumberFlag(String virtualNumber, String kind, int flagsInWindow, int threshold, boolean quarantined) {
}
