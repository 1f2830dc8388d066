package io.numshield.binding.group.web;

import io.numshield.binding.group.CreateOnce;
import io.numshield.binding.group.GroupService;
import io.numshield.binding.group.GroupView;
import io.numshield.core.id.OrderId;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.ObjectMapper;

/**
 * {@code /v1/groups}: a platform's AXG groups (ADR 0024). The platform comes from the
 * token; another platform's group is not found.
 */
@RestController
class GroupController {

	private final GroupService groups;

	private final CreateOnce once;

	private final ObjectMapper json;

	GroupController(GroupService groups, CreateOnce once, ObjectMapper json) {
		this.groups = groups;
		this.once = once;
		this.json = json;
	}

	/**
	 * Idempotent with an {@code Idempotency-Key} as {@code POST /v1/bindings}: the same
	 * key and body answer the first group again, another body 422
	 * {@code IDEMPOTENCY_KEY_REUSED}.
	 */
	@PostMapping("/v1/groups")
	@ResponseStatus(HttpStatus.CREATED)
	GroupView create(@Valid @RequestBody GroupRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@AuthenticationPrincipal Jwt jwt) {
		String platformId = platform(jwt);
		if (idempotencyKey == null) {
			return groups.create(platformId, request.orderId(), request.members(), request.aCallsLastMember());
		}
		return once.once(platformId, "group:", idempotencyKey, json.writeValueAsString(request), GroupView.class,
				() -> groups.create(platformId, request.orderId(), request.members(), request.aCallsLastMember()));
	}

	@GetMapping("/v1/groups/{groupId}")
	GroupView get(@PathVariable String groupId, @AuthenticationPrincipal Jwt jwt) {
		return groups.get(platform(jwt), groupId);
	}

	@PostMapping("/v1/groups/{groupId}/members")
	GroupView add(@PathVariable String groupId, @Valid @RequestBody MembersRequest request,
			@AuthenticationPrincipal Jwt jwt) {
		return groups.change(platform(jwt), groupId, true, request.numbers());
	}

	@PostMapping("/v1/groups/{groupId}/members/removals")
	GroupView remove(@PathVariable String groupId, @Valid @RequestBody MembersRequest request,
			@AuthenticationPrincipal Jwt jwt) {
		return groups.change(platform(jwt), groupId, false, request.numbers());
	}

	@DeleteMapping("/v1/groups/{groupId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String groupId, @AuthenticationPrincipal Jwt jwt) {
		groups.delete(platform(jwt), groupId);
	}

	private static String platform(Jwt jwt) {
		String platformId = CallerIdentity.from(jwt).platformId();
		if (platformId == null) {
			throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "a PLATFORM token names its platform");
		}
		return platformId;
	}

	record GroupRequest(
			@Nullable @Pattern(regexp = OrderId.PATTERN, message = "must be 1..64 of [A-Za-z0-9._:-]") String orderId,
			@NotNull @Size(min = 1, max = GroupService.MAX_MEMBERS) List<@NotBlank @Size(max = 32) String> members,
			@Nullable Boolean aCallsLastMember) {
	}

	record MembersRequest(
			@NotNull @Size(min = 1, max = GroupService.MAX_MEMBERS) List<@NotBlank @Size(max = 32) String> numbers) {
	}

}
