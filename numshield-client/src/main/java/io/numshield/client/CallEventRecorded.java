package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link CallEvent} (202): the event's id ({@code evt_} + 32 hex), the
 * binding it was attributed to ({@code null} if none), and whether a callback to the
 * owning platform was queued.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallEventRecorded(String eventId, @Nullable String bindingId, boolean delivering) {
}
