package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of call records, oldest first; {@code nextCursor} asks for the next page and is
 * {@code null} on the last.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallRecordPage(List<CallRecord> calls, @Nullable String nextCursor) {
}
