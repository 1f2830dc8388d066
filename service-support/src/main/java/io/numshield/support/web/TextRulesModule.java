package io.numshield.support.web;

import io.numshield.core.text.TextRules;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string of a JSON body passes {@link TextRules} as it is read: a control character, a lone
 * surrogate or an over-long value makes the body unreadable (400 VALIDATION_FAILED naming the field,
 * {@link ProblemAdvice}) before any code sees it, so no database or Redis refusal can come of it.
 */
public class TextRulesModule extends SimpleModule {

	public TextRulesModule() {
		super("numshield-text-rules");
		addDeserializer(String.class, new CheckedStringDeserializer());
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
