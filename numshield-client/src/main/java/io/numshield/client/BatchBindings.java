package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The answer of {@code POST /v1/bindings:batch}: how many items were bound and how many
 * failed, and one result per item in the request's order. The batch itself succeeds (200)
 * when its items fail; each failed item carries the problem a single bind of it would
 * have answered.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchBindings(int created, int failed, List<Item> results) {

	/**
	 * One item's result: {@code index} its position in the request; {@code status} 201
	 * with {@code binding}, or the problem's status with {@code problem} (the RFC 9457
	 * document, its {@code code} what to branch on).
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Item(int index, int status, @Nullable Binding binding, @Nullable JsonNode problem) {

		/** Whether this item was bound. */
		public boolean bound() {
			return binding != null;
		}

		/** The problem's {@code code}, {@code null} for a bound item. */
		public @Nullable String code() {
			return field("code");
		}

		/** The problem's {@code detail}, {@code null} for a bound item. */
		public @Nullable String detail() {
			return field("detail");
		}

		/**
		 * The problem as the exception a single bind would have thrown, {@code null} for
		 * a bound item.
		 */
		public @Nullable NumShieldException error() {
			return problem == null ? null : new NumShieldException(status, code(), detail(), problem.toString());
		}

		private @Nullable String field(String name) {
			JsonNode value = problem == null ? null : problem.get(name);
			return value == null || !value.isString() ? null : value.asString();
		}
	}
}
