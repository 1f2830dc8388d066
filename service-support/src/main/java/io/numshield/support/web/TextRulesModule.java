package io.numshield.support.web;

import io.numshield.core.text.TextRules;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string of a JSON body passes {@link TextRules} as it is read: a control
 * character, a lone surrogate or an over-long value makes the body unreadable (400
 * VALIDATION_FAILED naming the field, {@link ProblemAdvice}) before any code sees it, so
 * no database or Redis refusal can come of it. The gateway registers it too, for the
 * bodies it reads itself ({@code POST /v1/api-keys}).
 */
public class TextRulesModule extends SimpleModule {

	public TextRulesModule() {
		super("numshield-text-rules");
		addDeserializer(String.class, new CheckedStringDeserializer());
	}

	/**
	 * "field pools[0]: the text holds a control character …" when this module refused a
	 * string of a body, else {@code null}: the message names the rule, and the path names
	 * only fields, never the text.
	 */
	public static String violation(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException json && json.getOriginalMessage() != null
					&& json.getOriginalMessage().startsWith("the text ")) {
				StringBuilder field = new StringBuilder();
				for (JacksonException.Reference step : json.getPath()) {
					if (step.getPropertyName() != null) {
						field.append(field.isEmpty() ? "" : ".").append(step.getPropertyName());
					}
					else if (step.getIndex() >= 0) {
						field.append('[').append(step.getIndex()).append(']');
					}
				}
				return "field " + (field.isEmpty() ? "(body)" : field) + ": " + json.getOriginalMessage();
			}
		}
		return null;
	}

	static final class CheckedStringDeserializer extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = super.deserialize(parser, context);
			String violation = TextRules.violation(value);
			if (violation != null) {
				return context.reportInputMismatch(this, "the text %s", violation);
			}
			return value;
		}

	}

}
