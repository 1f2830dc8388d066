package io.numshield.support.trace;

import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code traceparent} header by hand, for the hot paths that run before Spring's
 * observation (ADR 0004, ADR 0007): checked without a pattern or an allocation, or made
 * from {@link ThreadLocalRandom} (a trace id is no secret: it is answered to the client).
 * <p>
 * Valid is {@code 00-<32 hex>-<16 hex>-<2 hex>}, lowercase, neither id all zeros; a later
 * version (01 to fe) is read by the same prefix, followed by nothing or by {@code -} and
 * more (the specification's forward compatibility); version {@code ff} is never valid. A
 * malformed header is replaced, never passed on.
 */
public final class TraceParent {

	/** The header's name, as Tomcat and the clients match it: case-insensitively. */
	public static final String HEADER = "traceparent";

	/**
	 * The gateway's answer header naming the trace it forwarded (W3C Trace Context level
	 * 2's {@code traceresponse}, in the {@code traceparent} form): so that a client finds
	 * the trace id of any answer, not only of a refusal.
	 */
	public static final String RESPONSE_HEADER = "traceresponse";

	/** The header that goes with it and is dropped when {@link #HEADER} is replaced. */
	public static final String STATE_HEADER = "tracestate";

	private static final int LENGTH = 55;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private TraceParent() {
	}

	/** Whether {@code header} is a {@code traceparent} this platform passes on. */
	public static boolean valid(@Nullable String header) {
		if (header == null || header.length() < LENGTH) {
			return false;
		}
		if (!hex(header, 0, 2) || header.charAt(2) != '-' || !hex(header, 3, 35) || header.charAt(35) != '-'
				|| !hex(header, 36, 52) || header.charAt(52) != '-' || !hex(header, 53, 55)) {
			return false;
		}
		if (zeros(header, 3, 35) || zeros(header, 36, 52)) {
			return false;
		}
		if (header.charAt(0) == '0' && header.charAt(1) == '0') {
			return header.length() == LENGTH;
		}
		if (header.charAt(0) == 'f' && header.charAt(1) == 'f') {
			return false;
		}
		return header.length() == LENGTH || header.charAt(LENGTH) == '-';
	}

	/** {@code header} when it is {@link #valid}, else a new one ({@link #create()}). */
	public static String orNew(@Nullable String header) {
		return valid(header) ? header : create();
	}

	/**
	 * A new {@code traceparent}: version 00, a random trace id and parent id (never all
	 * zeros), not sampled (flags 00): whoever exports traces samples for itself.
	 */
	public static String create() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] out = new char[LENGTH];
		out[0] = '0';
		out[1] = '0';
		out[2] = '-';
		long high;
		long low;
		do {
			high = random.nextLong();
			low = random.nextLong();
		}
		while (high == 0 && low == 0);
		hex(high, out, 3);
		hex(low, out, 19);
		out[35] = '-';
		long parent;
		do {
			parent = random.nextLong();
		}
		while (parent == 0);
		hex(parent, out, 36);
		out[52] = '-';
		out[53] = '0';
		out[54] = '0';
		return new String(out);
	}

	/** A new trace id alone: 32 lowercase hex digits, not all zeros. */
	public static String newTraceId() {
		return traceId(create());
	}

	/** The trace id of a {@link #valid} {@code traceparent}: its 32 hex digits. */
	public static String traceId(String validHeader) {
		return validHeader.substring(3, 35);
	}

	/**
	 * The trace id of {@code header} when it is valid, else a new one: what a problem
	 * document of a hot path carries.
	 */
	public static String traceIdOrNew(@Nullable String header) {
		return valid(header) ? traceId(header) : newTraceId();
	}

	/**
	 * Whether {@code id} looks like a trace id: 32 lowercase hex digits, not all zeros.
	 */
	public static boolean validTraceId(@Nullable String id) {
		return id != null && id.length() == 32 && hex(id, 0, 32) && !zeros(id, 0, 32);
	}

	private static boolean hex(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
				return false;
			}
		}
		return true;
	}

	private static boolean zeros(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (text.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	private static void hex(long value, char[] out, int at) {
		for (int i = 15; i >= 0; i--) {
			out[at + 15 - i] = HEX[(int) (value >>> (i * 4)) & 0xf];
		}
	}

}
