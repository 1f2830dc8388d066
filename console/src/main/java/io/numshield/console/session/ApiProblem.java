package io.numshield.console.session;

import io.numshield.client.NumShieldClient;
import io.numshield.client.NumShieldException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An API error as the page shows it: the problem document's title, detail and code (or
 * what the console knows when the gateway answered none).
 */
public record ApiProblem(int status, String title, @Nullable String detail, @Nullable String code) {

	/** The problem of an exception the client threw. */
	public static ApiProblem of(NumShieldException ex) {
		String body = ex.body();
		return of(new NumShieldClient.Answer(ex.status(), body == null ? "" : body, "application/problem+json"));
	}

	public static ApiProblem of(NumShieldClient.Answer answer) {
		JsonNode json = null;
		try {
			json = answer.json();
		}
		catch (RuntimeException ex) {
			// not JSON after all: the status alone
		}
		if (json == null || !json.isObject()) {
			return new ApiProblem(answer.status(), "HTTP " + answer.status(), null, null);
		}
		return new ApiProblem(answer.status(), text(json, "title", "HTTP " + answer.status()),
				text(json, "detail", null), text(json, "code", null));
	}

	private static @Nullable String text(JsonNode json, String field, @Nullable String otherwise) {
		JsonNode value = json.get(field);
		return value == null || value.isNull() ? otherwise : value.asString();
	}

}
