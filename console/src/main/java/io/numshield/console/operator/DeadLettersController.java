package io.numshield.console.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The platform callbacks given up ({@code GET /v1/callbacks/dead-letters}), a page at a
 * time, of one platform or of all; each can be put back on the delivery queue
 * ({@code POST /v1/callbacks/dead-letters/{eventId}/redelivery}), and its row then says
 * so in place.
 */
@Controller
class DeadLettersController {

	/** Dead letters a page shows. */
	static final int PAGE = 50;

	private final GatewayApi gateway;

	DeadLettersController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/operator/dead-letters")
	String deadLetters(@RequestParam(required = false) @Nullable String platformId,
			@RequestParam(required = false) @Nullable String cursor, HttpSession session, Model model) {
		String platform = platformId == null || platformId.isBlank() ? null : platformId.strip();
		List<String> query = new ArrayList<>();
		query.add("limit=" + PAGE);
		if (platform != null) {
			query.add("platformId=" + encode(platform));
		}
		if (cursor != null && !cursor.isBlank()) {
			query.add("cursor=" + encode(cursor));
		}
		DeadLetterPage page = gateway
			.call(SignedInKey.required(session), "GET", "/v1/callbacks/dead-letters", String.join("&", query), null)
			.as(DeadLetterPage.class);
		model.addAttribute("deadLetters", page.deadLetters());
		model.addAttribute("nextCursor", page.nextCursor());
		model.addAttribute("platformId", platform == null ? "" : platform);
		model.addAttribute("paged", cursor != null && !cursor.isBlank());
		return "operator/dead-letters";
	}

	@PostMapping("/operator/dead-letters/{eventId}/redelivery")
	String redeliver(@PathVariable String eventId, HttpSession session, Model model) {
		gateway.call(SignedInKey.required(session), "POST",
				"/v1/callbacks/dead-letters/" + GatewayPaths.segment(eventId) + "/redelivery", null, null);
		model.addAttribute("eventId", eventId);
		return "operator/dead-letters :: redelivered";
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** A dead letter as the API lists it: no body, no number. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record DeadLetter(String eventId, String platformId, String event, @Nullable String diedAt, int attempts,
			String reason) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record DeadLetterPage(List<DeadLetter> deadLetters, @Nullable String nextCursor) {
	}

}
