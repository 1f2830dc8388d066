package io.numshield.audit.signal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Pushes each new signal to the regulators' webhook
 * ({@code numshield.audit.signals.webhook.url}), if one is set: a POST of the signal as
 * {@code GET /v1/audit/signals} answers it, signed as platform callbacks are (Standard
 * Webhooks: {@code webhook-id} = the signalId, {@code webhook-timestamp} in unix seconds,
 * {@code webhook-signature} = {@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">} keyed with the base64 after the secret's {@code whsec_}). On a
 * thread of its own with a bounded queue, so that detection never waits for it; each push
 * is tried {@code attempts} times (a 2xx answer ends it), then given up and logged: the
 * signal stays in {@code GET /v1/audit/signals} either way.
 */
@Component
class SignalWebhook implements DisposableBean {

	static final String ID_HEADER = "webhook-id";

	static final String TIMESTAMP_HEADER = "webhook-timestamp";

	static final String SIGNATURE_HEADER = "webhook-signature";

	private static final Logger log = LoggerFactory.getLogger(SignalWebhook.class);

	private final SignalProperties.Webhook settings;

	private final ObjectMapper json;

	private final Clock clock;

	private final ThreadPoolExecutor sender;

	private final HttpClient http;

	private final String url;

	private final String secret;

	SignalWebhook(SignalProperties properties, ObjectMapper json, Clock clock) {
		this.settings = properties.webhook();
		String configuredUrl = settings.url();
		String configuredSecret = settings.secret();
		this.url = configuredUrl == null ? "" : configuredUrl.strip();
		this.secret = configuredSecret == null ? "" : configuredSecret;
		this.json = json;
		this.clock = clock;
		this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), r -> {
			Thread thread = new Thread(r, "signal-webhook");
			thread.setDaemon(true);
			return thread;
		});
		this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
	}

	void push(List<Signal> signals) {
		if (!settings.configured() || signals.isEmpty()) {
			return;
		}
		for (Signal signal : signals) {
			String body = json.writeValueAsString(SignalView.of(signal));
			try {
				sender.execute(() -> deliver(signal.signalId(), body));
			}
			catch (RejectedExecutionException full) {
				log.warn("signal webhook: queue full, signal {} not pushed (it is listed by GET /v1/audit/signals)",
						signal.signalId());
			}
		}
	}

	private void deliver(String id, String body) {
		for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
			long timestamp = clock.instant().getEpochSecond();
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
				.timeout(settings.timeout())
				.header("Content-Type", "application/json")
				.header(ID_HEADER, id)
				.header(TIMESTAMP_HEADER, Long.toString(timestamp))
				.header(SIGNATURE_HEADER, sign(secret, id, timestamp, body))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			try {
				int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status / 100 == 2) {
					return;
				}
				log.warn("signal webhook: {} answered {} for signal {} (attempt {} of {})", URI.create(url).getHost(),
						status, id, attempt, settings.attempts());
			}
			catch (java.io.IOException ex) {
				log.warn("signal webhook: signal {} not delivered (attempt {} of {}): {}", id, attempt,
						settings.attempts(), ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (attempt < settings.attempts()) {
				try {
					Thread.sleep(Duration.ofSeconds(1L << (attempt - 1)).toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		log.warn("signal webhook: signal {} given up after {} attempts", id, settings.attempts());
	}

	/**
	 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the base64
	 * (either alphabet) after {@code whsec_}: the platforms' callback scheme
	 * (numshield-client's {@code WebhookSignature} checks it).
	 */
	static String sign(String secret, String id, long timestamp, String body) {
		String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
		StringBuilder standard = new StringBuilder(encoded.strip().replace('-', '+').replace('_', '/'));
		while (standard.length() % 4 != 0) {
			standard.append('=');
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(standard.toString()), "HmacSHA256"));
			return "v1," + Base64.getEncoder()
				.encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	@Override
	public void destroy() {
		sender.shutdown();
	}

}
