package io.numshield.support.web;

import io.numshield.support.trace.TraceParent;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.http.HttpStatus;

/**
 * What Tomcat answers itself, before any filter or controller runs (a path with an
 * encoded slash, a malformed URI, an unparseable request line), is the contract's problem
 * document too, never Tomcat's HTML error page: this valve replaces Tomcat's
 * {@link ErrorReportValve} on the host.
 */
public class ProblemReportValve extends ErrorReportValve {

	/**
	 * Installs the valve in place of every other error report valve of the context's
	 * host.
	 */
	public static TomcatContextCustomizer installer() {
		return context -> {
			Container parent = context.getParent();
			if (parent instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
			}
		};
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String code = status == 404 ? "NOT_FOUND" : status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_FAILED";
		HttpStatus known = HttpStatus.resolve(status);
		String detail = status < 500
				? "the request is not well formed: " + (known == null ? "refused" : known.getReasonPhrase())
				: "the server could not answer this request";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				// no instance: the URI is what could not be read, and it is not echoed
				// outside every filter: the trace id of the header as sent, if it is one
				writer.write(Problems.json((known == null ? HttpStatus.BAD_REQUEST : known).value(), code, detail, "",
						TraceParent.traceIdOrNew(request.getHeader(TraceParent.HEADER))));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed meanwhile: nothing more to
			// say
		}
	}

}
