package io.numshield.core.redis;

import java.util.List;

/**
 * One call of one lease script: the type that builds the script's ARGV (from named
 * fields, in one place) and reads its array reply (into named fields, in one place), so
 * that no caller counts positions. Scripts that answer this way reply with a flat array
 * of strings, empty for absent.
 *
 * @param <R> the decoded reply
 */
public interface ScriptCall<R> {

	/** The script this call runs. */
	LeaseScript script();

	/** ARGV, in the order the script's header comment lists it. */
	List<String> arguments();

	/**
	 * The reply read from the script's array, element by element as the script returns
	 * it.
	 */
	R reply(List<?> values);

	/**
	 * Element {@code i} of a reply as a string; "" when the script returned fewer
	 * elements.
	 */
	static String at(List<?> values, int i) {
		return i < values.size() && values.get(i) != null ? String.valueOf(values.get(i)) : "";
	}

}
