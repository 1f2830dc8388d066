package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/groups}: 1..200 real numbers that may reach party A through an AXG
 * binding ({@link BindRequest#axg}). Build one with {@link #of} and adjust with the
 * {@code with*} methods; {@code aCallsLastMember} absent is the service's default, true.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupRequest(@Nullable String orderId, List<String> members, @Nullable Boolean aCallsLastMember) {

	public static GroupRequest of(List<String> members) {
		return new GroupRequest(null, List.copyOf(members), null);
	}

	/** The platform's order the group is for (1..64 of {@code [A-Za-z0-9._:-]}). */
	public GroupRequest withOrderId(String order) {
		return new GroupRequest(order, members, aCallsLastMember);
	}

	/**
	 * Whether A's call to X reaches the last member who called (true) or is refused
	 * {@code DIRECTION_NOT_ALLOWED} (false). Fixed at creation.
	 */
	public GroupRequest withACallsLastMember(boolean value) {
		return new GroupRequest(orderId, members, value);
	}
}
