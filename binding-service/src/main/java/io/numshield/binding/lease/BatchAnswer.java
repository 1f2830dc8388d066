package io.numshield.binding.lease;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code POST /v1/bindings:batch}: one result per item, in the request's
 * order, and how many of them leased.
 */
public record BatchAnswer(int created, int failed, List<Result> results) {

	static BatchAnswer of(List<Result> results) {
		int created = (int) results.stream().filter(r -> r.binding() != null).count();
		return new BatchAnswer(created, results.size() - created, results);
	}

	/**
	 * One item's result: {@code status} 201 with the {@code binding}, or the status of
	 * its {@code problem}, the RFC 9457 document a single bind would have answered.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Result(int index, int status, @Nullable BindingView binding, @Nullable Map<String, Object> problem) {

		static Result created(int index, BindingView binding) {
			return new Result(index, 201, binding, null);
		}

		static Result failed(int index, ItemProblems.Problem problem) {
			return new Result(index, problem.status(), null, problem.members());
		}
	}

}
