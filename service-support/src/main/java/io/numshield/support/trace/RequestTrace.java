package io.numshield.support.trace;

import org.slf4j.MDC;

/**
 * The trace id of the request being handled on this thread, for its problem document: the
 * one Micrometer Tracing put in the logging context ({@value #MDC_KEY}) when it took the
 * request (every Spring MVC path, in the gateway and the services alike). Where no trace
 * is open (a servlet container's own refusal, tracing left off the classpath) a new id is
 * made, so that every problem document carries one.
 */
public final class RequestTrace {

	/** The logging context's key for the trace id, Micrometer Tracing's. */
	public static final String MDC_KEY = "traceId";

	private RequestTrace() {
	}

	/** The trace id of this thread's request, or a new one. */
	public static String traceId() {
		String current = MDC.get(MDC_KEY);
		return TraceParent.validTraceId(current) ? current : TraceParent.newTraceId();
	}

	/**
	 * Runs {@code line} with {@code traceId} in the logging context, as the MVC path's
	 * log lines have it: for a hot path's log line, written on whichever thread answers.
	 */
	public static void logging(String traceId, Runnable line) {
		String before = MDC.get(MDC_KEY);
		MDC.put(MDC_KEY, traceId);
		try {
			line.run();
		}
		finally {
			if (before == null) {
				MDC.remove(MDC_KEY);
			}
			else {
				MDC.put(MDC_KEY, before);
			}
		}
	}

}
