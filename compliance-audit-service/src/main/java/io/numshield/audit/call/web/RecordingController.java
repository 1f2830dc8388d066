package io.numshield.audit.call.web;

import io.numshield.audit.call.RecordingLinks;
import io.numshield.audit.call.RecordingLinks.Link;
import io.numshield.audit.call.RecordingStore.Recording;
import io.numshield.support.security.CallerIdentity;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/calls/{callId}/recording} (PLATFORM): a short-lived link to the
 * recording of one of the platform's calls. {@code GET /v1/recordings/{token}} (no API
 * token: the link is the credential): the file, streamed from the recording store.
 */
@RestController
class RecordingController {

	private final RecordingLinks links;

	RecordingController(RecordingLinks links) {
		this.links = links;
	}

	@GetMapping("/v1/calls/{callId}/recording")
	Link link(@PathVariable String callId, @AuthenticationPrincipal Jwt jwt) {
		CallController.platform(jwt);
		return links.issue(CallerIdentity.from(jwt), callId);
	}

	@GetMapping("/v1/recordings/{token}")
	void fetch(@PathVariable String token, HttpServletResponse response) throws IOException {
		Recording recording = links.open(token);
		try (InputStream body = recording.body()) {
			response.setStatus(200);
			response.setContentType(recording.contentType());
			if (recording.length() >= 0) {
				response.setContentLengthLong(recording.length());
			}
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			body.transferTo(response.getOutputStream());
		}
	}

}
