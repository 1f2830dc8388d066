package io.numshield.binding.lease.web;

import io.numshield.binding.lease.BatchAnswer;
import io.numshield.binding.lease.BatchBinds;
import io.numshield.binding.lease.BindingRequest;
import io.numshield.support.web.ApiException;
import io.numshield.support.web.ProblemAdvice;
import io.numshield.support.web.hot.JsonBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/bindings:batch}: up to 100 binds in one request, each item read and
 * validated on its own (one item's bad shape fails that item alone), then
 * {@link BatchBinds}. The batch's own shape (no {@code bindings}, none, more than 100):
 * 400 for the whole.
 */
@RestController
class BatchBindingController {

	private final BatchBinds batches;

	private final JsonBody<BindingRequest> items;

	private final JsonMapper json;

	BatchBindingController(BatchBinds batches, JsonMapper json) {
		this.batches = batches;
		this.items = new JsonBody<>(json.readerFor(BindingRequest.class), BindingRequest::check);
		this.json = json;
	}

	@PostMapping("/v1/bindings:batch")
	BatchAnswer bind(@Valid @RequestBody BatchRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@AuthenticationPrincipal Jwt jwt) {
		List<BatchBinds.Item> parsed = request.bindings().stream().map(this::item).toList();
		return batches.bind(BindingController.platform(jwt), parsed, json.writeValueAsString(request.bindings()),
				idempotencyKey);
	}

	private BatchBinds.Item item(JsonNode node) {
		if (node == null || !node.isObject()) {
			return new BatchBinds.Item(null,
					new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", ProblemAdvice.UNREADABLE));
		}
		try {
			return new BatchBinds.Item(items.read(json.writeValueAsBytes(node)), null);
		}
		catch (ApiException invalid) {
			return new BatchBinds.Item(null, invalid);
		}
	}

	record BatchRequest(@NotNull @Size(min = 1, max = BatchBinds.MAX_ITEMS) List<JsonNode> bindings) {
	}

}
