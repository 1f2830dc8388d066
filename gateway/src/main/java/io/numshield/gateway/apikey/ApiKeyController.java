package io.numshield.gateway.apikey;

import io.numshield.core.id.PlatformId;
import io.numshield.core.id.PoolId;
import io.numshield.core.token.Role;
import io.numshield.support.web.Problems;
import io.numshield.support.web.TextRulesModule;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * {@code POST/GET/DELETE /v1/api-keys} and {@code POST /v1/api-keys/{keyId}/approvals}:
 * OPERATOR only; the edge has checked the signature already.
 */
@RestController
@RequestMapping("/v1/api-keys")
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	@PostMapping
	ResponseEntity<?> issue(HttpServletRequest request, @Valid @RequestBody IssueRequest body) {
		ResponseEntity<?> refused = operatorOnly(request);
		if (refused != null) {
			return refused;
		}
		Role role = Role.valueOf(body.role());
		if ((role == Role.PLATFORM) != (body.platformId() != null)) {
			return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
					"platformId is required for PLATFORM keys and only for them", request);
		}
		boolean hasPools = body.pools() != null && !body.pools().isEmpty();
		if ((role == Role.CARRIER) != hasPools) {
			return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
					"pools (the pools whose numbers the carrier routes) are required for CARRIER keys and only for them",
					request);
		}
		ApiKeys.IssuedKey issued = keys.issue(role, body.platformId(),
				hasPools ? body.pools().stream().distinct().toList() : null, body.description(), body.ratePerSecond(),
				Caller.of(request).keyId());
		ApiKey key = issued.key();
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new IssuedView(key.keyId(), issued.secret(), role.name(), key.platformId(), nullIfEmpty(key.pools()),
					key.description(), key.createdAt(), key.stored().name(), key.issuedBy(), key.pendingUntil()));
	}

	/**
	 * The second operator's approval of a pending OPERATOR or REGULATOR key: by an
	 * operator key that is neither the key's issuer nor the key itself.
	 */
	@PostMapping("/{keyId}/approvals")
	ResponseEntity<?> approve(HttpServletRequest request, @PathVariable String keyId) {
		ResponseEntity<?> refused = operatorOnly(request);
		if (refused != null) {
			return refused;
		}
		ApiKeys.Approval approval = keys.approve(keyId, Caller.of(request).keyId());
		return switch (approval.outcome()) {
			case APPROVED -> ResponseEntity.ok(view(approval.key()));
			case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "no API key with this id", request);
			case SAME_OPERATOR -> problem(HttpStatus.FORBIDDEN, "FORBIDDEN",
					"a key cannot be approved by the operator who issued it, nor by itself: a second operator must approve it",
					request);
			case NOT_PENDING -> problem(HttpStatus.CONFLICT, "KEY_NOT_PENDING",
					"this key is " + approval.key().status(keys.now())
							+ ", not PENDING_APPROVAL: only a pending key within "
							+ "its approval window can be approved",
					request);
		};
	}

	@GetMapping
	ResponseEntity<?> list(HttpServletRequest request) {
		ResponseEntity<?> refused = operatorOnly(request);
		if (refused != null) {
			return refused;
		}
		List<KeyView> views = keys.list().stream().map(this::view).toList();
		return ResponseEntity.ok(Map.of("apiKeys", views));
	}

	@DeleteMapping("/{keyId}")
	ResponseEntity<?> revoke(HttpServletRequest request, @PathVariable String keyId) {
		ResponseEntity<?> refused = operatorOnly(request);
		if (refused != null) {
			return refused;
		}
		if (!keys.revoke(keyId, Caller.of(request).keyId())) {
			return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "no API key with this id", request);
		}
		return ResponseEntity.noContent().build();
	}

	private static List<String> nullIfEmpty(List<String> pools) {
		return pools.isEmpty() ? null : pools;
	}

	private KeyView view(ApiKey k) {
		return new KeyView(k.keyId(), k.role().name(), k.platformId(), nullIfEmpty(k.pools()), k.description(),
				k.ratePerSecond(), k.createdAt(), k.revokedAt(), k.status(keys.now()).name(), k.issuedBy(),
				k.pendingUntil(), k.approvedBy(), k.approvedAt());
	}

	@ExceptionHandler({ MethodArgumentNotValidException.class, HttpMessageNotReadableException.class })
	ResponseEntity<ProblemDetail> invalid(Exception ex, HttpServletRequest request) {
		String textRule = TextRulesModule.violation(ex);
		if (textRule != null) {
			return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", textRule, request);
		}
		return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the request body is not a valid API key request",
				request);
	}

	private static ResponseEntity<ProblemDetail> operatorOnly(HttpServletRequest request) {
		Caller caller = Caller.of(request);
		if (caller == null || caller.role() != Role.OPERATOR) {
			return problem(HttpStatus.FORBIDDEN, "FORBIDDEN", "only operators manage API keys", request);
		}
		return null;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail,
			HttpServletRequest request) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, code, detail, request.getRequestURI()));
	}

	/**
	 * @param pools the pools a CARRIER key serves (required for CARRIER, refused for
	 * other roles): its routes and call events for numbers of other pools are refused
	 * with OUT_OF_SCOPE
	 * @param ratePerSecond this key's limit (requests per second); absent: the role's
	 * default ({@code numshield.gateway.rate-limits}). An addition to the contract's
	 * body.
	 */
	record IssueRequest(@NotNull @Pattern(regexp = "PLATFORM|CARRIER|REGULATOR|OPERATOR") String role,
			@Pattern(regexp = PlatformId.PATTERN) String platformId,
			@Size(max = 100) List<@NotNull @Pattern(regexp = PoolId.PATTERN) String> pools,
			@Size(max = 256) String description, @Min(1) @Max(1_000_000) Integer ratePerSecond) {
	}

	/**
	 * The answer of an issue: the secret, shown this once; {@code status}
	 * PENDING_APPROVAL (OPERATOR, REGULATOR: unusable until approved before
	 * {@code pendingUntil}) or ACTIVE (PLATFORM, CARRIER).
	 */
	record IssuedView(String keyId, String secret, String role, String platformId, List<String> pools,
			String description, Instant createdAt, String status, String issuedBy, Instant pendingUntil) {
	}

	/**
	 * A key as listed and as an approval answers it; {@code status} PENDING_APPROVAL |
	 * ACTIVE | REVOKED | EXPIRED.
	 */
	record KeyView(String keyId, String role, String platformId, List<String> pools, String description,
			Integer ratePerSecond, Instant createdAt, Instant revokedAt, String status, String issuedBy,
			Instant pendingUntil, String approvedBy, Instant approvedAt) {
	}

}
