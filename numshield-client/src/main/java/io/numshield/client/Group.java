package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An AXG group as the API shows it: its members masked ({@code 139****0102}),
 * {@code orderId} when one was given, and whether A's call to X reaches the last member
 * who called.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Group(String groupId, @Nullable String orderId, List<String> members, boolean aCallsLastMember,
		Instant createdAt) {
}
