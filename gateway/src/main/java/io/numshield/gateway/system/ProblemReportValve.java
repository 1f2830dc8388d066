package io.numshield.gateway.system;

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
 * What Tomcat answers itself at the edge, before any filter runs (a malformed URI, a request line
 * past the header limit), is the contract's problem document, never Tomcat's HTML page or an
 * empty body: this valve replaces Tomcat's {@link ErrorReportValve} on the host. The gateway's
 * copy of service-support's valve: the gateway does not use service-support (see
 * {@link SystemConfiguration}).
 */
public class ProblemReportValve extends ErrorReportValve {

	/** Installs the valve in place of every other error report valve of the context's host. */
	static TomcatContextCustomizer installer() {
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
		HttpStatus known = HttpStatus.resolve(status);
		String code = GatewayErrors.codeOf(status);
		String detail = status < 500 ? "the request is not well formed: " + (known == null ? "refused" : known.getReasonPhrase())
				: "the gateway could not answer this request";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				// no instance: the URI is what could not be read, and it is not echoed
				writer.write(GatewayProblems.json(known == null ? 400 : status, code, detail, ""));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed meanwhile: nothing more to say
		}
	}
}
