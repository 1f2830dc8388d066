package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code GET /v1/platform-blocklist}: a page of the platform's blocked numbers, newest
 * first, and how many there are in all.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformBlocklist(List<BlockedNumber> entries, long total) {
}
