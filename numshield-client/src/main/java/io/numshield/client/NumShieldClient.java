package io.numshield.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform's or a carrier's client of the NumShield gateway: signs every request with
 * its API key (NS1-HMAC-SHA256, a fresh timestamp and nonce for every attempt), maps the
 * PLATFORM and CARRIER operations to typed calls, and retries what is safe to retry.
 * Thread-safe; no Spring. Error answers raise {@link NumShieldException} with the
 * problem's status, {@code code} and {@code detail}.
 *
 * <pre>
 * NumShieldClient platform = NumShieldClient.create(URI.create("http://127.0.0.1:8080"), keyId, secret);
 * Binding bound = platform.bind(BindRequest.axb("ORD-1", a, b, 1800, new BindRequest.Consent("c-1", Instant.now())), "ORD-1-bind");
 *
 * NumShieldClient carrier = NumShieldClient.builder(gateway).key(carrierKeyId, carrierSecret).build();
 * RouteAnswer route = carrier.route(RouteRequest.voice("call-1", caller, virtualNumber));
 * </pre>
 *
 * <p>
 * <b>Retries</b> ({@link RetryPolicy}, default {@link RetryPolicy#DEFAULT}: 3 attempts,
 * at most 10 s of waiting): a 429 is sent again whatever the method (the gateway's
 * {@code RATE_LIMITED} means nothing was done), except {@code QUOTA_EXCEEDED}; a 503
 * ({@code STORE_UNAVAILABLE}, {@code SERVICE_UNAVAILABLE}, ...) may come after the work
 * was done, so it is sent again for GET, HEAD, PUT, DELETE and OPTIONS, and for a POST or
 * PATCH only when it carries an {@code Idempotency-Key}
 * ({@link #bind(BindRequest, String)}). The wait is the answer's {@code Retry-After}
 * (seconds or an HTTP-date), else a short exponential backoff with jitter. Each attempt
 * is signed afresh. Change it with {@link Builder#retries} or {@link #withRetries};
 * {@link RetryPolicy#NONE} turns it off.
 */
public final class NumShieldClient {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

	private final URI base;

	private final String keyId;

	private final String secret;

	private final HttpClient http;

	private final Clock clock;

	private final Duration requestTimeout;

	private final RetryPolicy retries;

	private final Sleeper sleeper;

	private final Consumer<Retry> onRetry;

	private NumShieldClient(Builder builder) {
		this.base = builder.base;
		this.keyId = Objects.requireNonNull(builder.keyId, "key");
		this.secret = Objects.requireNonNull(builder.secret, "key");
		this.http = builder.http != null ? builder.http
				: HttpClient.newBuilder()
					.connectTimeout(Duration.ofSeconds(5))
					.version(HttpClient.Version.HTTP_1_1)
					.build();
		this.clock = builder.clock;
		this.requestTimeout = builder.requestTimeout;
		this.retries = builder.retries;
		this.sleeper = builder.sleeper;
		this.onRetry = builder.onRetry;
	}

	/** With the default retries ({@link RetryPolicy#DEFAULT}). */
	public static NumShieldClient create(URI gateway, String keyId, String secret) {
		return builder(gateway).key(keyId, secret).build();
	}

	/** From {@code <keyId>:<secret>}, the form make run prints. */
	public static NumShieldClient create(URI gateway, String keyIdColonSecret) {
		return builder(gateway).key(keyIdColonSecret).build();
	}

	/** A client of the gateway at {@code gateway}; a key is required. */
	public static Builder builder(URI gateway) {
		return new Builder(gateway);
	}

	/** The same client (key, HTTP client, clock) with other retries. */
	public NumShieldClient withRetries(RetryPolicy policy) {
		return toBuilder().retries(policy).build();
	}

	/** The settings of this client, to change some. */
	public Builder toBuilder() {
		Builder builder = new Builder(base).key(keyId, secret)
			.httpClient(http)
			.clock(clock)
			.requestTimeout(requestTimeout)
			.retries(retries)
			.sleeper(sleeper);
		builder.onRetry = onRetry;
		return builder;
	}

	/** The retries this client makes. */
	public RetryPolicy retries() {
		return retries;
	}

	// PLATFORM: /v1/bindings

	/**
	 * {@code POST /v1/bindings} without an {@code Idempotency-Key}: not sent again after
	 * a 503 (the first attempt may have leased a number). Prefer
	 * {@link #bind(BindRequest, String)}.
	 */
	public Binding bind(BindRequest request) {
		return bind(request, null);
	}

	/**
	 * {@code POST /v1/bindings} with an {@code Idempotency-Key} (1..128 of
	 * {@code [A-Za-z0-9._:-]}): the same key and body within 24 h answers the first
	 * binding again, so a 503 ({@code STORE_UNAVAILABLE}, ...) is retried too. Use one
	 * key per intended binding (e.g. derived from the order), never one per attempt.
	 */
	public Binding bind(BindRequest request, @Nullable String idempotencyKey) {
		Answer answer = idempotencyKey == null ? send("POST", "/v1/bindings", null, request)
				: send("POST", "/v1/bindings", null, request, "Idempotency-Key", idempotencyKey);
		return answer.as(Binding.class);
	}

	/** {@code GET /v1/bindings/{bindingId}}: also for 24 h after it ended. */
	public Binding get(String bindingId) {
		return send("GET", "/v1/bindings/" + Ns1Signature.encode(bindingId), null, null).as(Binding.class);
	}

	/**
	 * {@code GET /v1/bindings?orderId=}: the platform's own active bindings of an order.
	 */
	public List<Binding> findByOrder(String orderId) {
		return bindings(Ns1Signature.query(Map.of("orderId", orderId)));
	}

	/**
	 * {@code GET /v1/bindings?virtualNumber=}: the platform's own active bindings on X
	 * (every pair sharing it, its AXN or AXG holder, its AXE extensions); other
	 * platforms' are not listed. {@code X,NNNN} names one extension.
	 */
	public List<Binding> findByVirtualNumber(String virtualNumber) {
		return bindings(Ns1Signature.query(Map.of("virtualNumber", virtualNumber)));
	}

	/** {@code GET /v1/bindings?virtualNumber=&extension=}: the one AXE extension of X. */
	public List<Binding> findByVirtualNumber(String virtualNumber, String extension) {
		return bindings(
				Ns1Signature.query(new TreeMap<>(Map.of("virtualNumber", virtualNumber, "extension", extension))));
	}

	private List<Binding> bindings(String rawQuery) {
		JsonNode bindings = send("GET", "/v1/bindings", rawQuery, null).json().get("bindings");
		List<Binding> result = new ArrayList<>();
		for (JsonNode node : bindings) {
			result.add(JSON.treeToValue(node, Binding.class));
		}
		return result;
	}

	/**
	 * {@code POST /v1/bindings:batch} without an {@code Idempotency-Key}: not sent again
	 * after a 503. Prefer {@link #bindBatch(List, String)}.
	 */
	public BatchBindings bindBatch(List<BindRequest> requests) {
		return bindBatch(requests, null);
	}

	/**
	 * {@code POST /v1/bindings:batch}: 1..100 binds at once, each item bound or refused
	 * on its own ({@link BatchBindings.Item#bound()}, {@link BatchBindings.Item#code()});
	 * a refused batch (none, more than 100) throws. With an {@code Idempotency-Key} the
	 * whole answer is remembered for 24 h, so a 503 is retried too; to retry the failed
	 * items, send them in a new batch with a new key.
	 */
	public BatchBindings bindBatch(List<BindRequest> requests, @Nullable String idempotencyKey) {
		Map<String, Object> body = Map.of("bindings", requests);
		Answer answer = idempotencyKey == null ? send("POST", "/v1/bindings:batch", null, body)
				: send("POST", "/v1/bindings:batch", null, body, "Idempotency-Key", idempotencyKey);
		return answer.as(BatchBindings.class);
	}

	/**
	 * {@code PATCH /v1/bindings/{bindingId}}: a new lifetime and/or party B. Not sent
	 * again after a 503 ({@code ttlSeconds} counts from the moment it is applied).
	 */
	public Binding update(String bindingId, BindingUpdate update) {
		return send("PATCH", "/v1/bindings/" + Ns1Signature.encode(bindingId), null, update).as(Binding.class);
	}

	/**
	 * {@code DELETE /v1/bindings/{bindingId}}; releasing again is fine (204 both times).
	 */
	public void release(String bindingId) {
		send("DELETE", "/v1/bindings/" + Ns1Signature.encode(bindingId), null, null);
	}

	// PLATFORM: /v1/groups (AXG)

	/**
	 * {@code POST /v1/groups} without an {@code Idempotency-Key}: not sent again after a
	 * 503. Prefer {@link #createGroup(GroupRequest, String)}.
	 */
	public Group createGroup(GroupRequest request) {
		return createGroup(request, null);
	}

	/**
	 * {@code POST /v1/groups} with an {@code Idempotency-Key}: the same key and body
	 * within 24 h answer the first group again, so a 503 is retried too.
	 */
	public Group createGroup(GroupRequest request, @Nullable String idempotencyKey) {
		Answer answer = idempotencyKey == null ? send("POST", "/v1/groups", null, request)
				: send("POST", "/v1/groups", null, request, "Idempotency-Key", idempotencyKey);
		return answer.as(Group.class);
	}

	/** {@code GET /v1/groups/{groupId}}: members masked. */
	public Group group(String groupId) {
		return send("GET", groupPath(groupId), null, null).as(Group.class);
	}

	/**
	 * {@code POST /v1/groups/{groupId}/members}: adds the numbers (more than 200 members
	 * in all: {@code VALIDATION_FAILED}, nothing added); the group's AXG bindings let
	 * them through from the answer on.
	 */
	public Group addGroupMembers(String groupId, List<String> numbers) {
		return send("POST", groupPath(groupId) + "/members", null, Map.of("numbers", numbers)).as(Group.class);
	}

	/**
	 * {@code POST /v1/groups/{groupId}/members/removals}: removes the numbers (those not
	 * in it are ignored).
	 */
	public Group removeGroupMembers(String groupId, List<String> numbers) {
		return send("POST", groupPath(groupId) + "/members/removals", null, Map.of("numbers", numbers)).as(Group.class);
	}

	/**
	 * {@code DELETE /v1/groups/{groupId}}: once no active AXG binding holds it, else 409
	 * {@code GROUP_BOUND}.
	 */
	public void deleteGroup(String groupId) {
		send("DELETE", groupPath(groupId), null, null);
	}

	private static String groupPath(String groupId) {
		return "/v1/groups/" + Ns1Signature.encode(groupId);
	}

	// PLATFORM: self-service (inventory, the platform's own blocklist)

	/** {@code GET /v1/inventory}: the platform's pools and quota. */
	public Inventory inventory() {
		return send("GET", "/v1/inventory", null, null).as(Inventory.class);
	}

	/**
	 * {@code POST /v1/platform-blocklist}: the number may no longer be a party of this
	 * platform's new bindings, and its calls to them are rejected. Blocking it again
	 * answers the existing entry.
	 */
	public BlockedNumber blockNumber(String number, String reason) {
		return send("POST", "/v1/platform-blocklist", null, Map.of("number", number, "reason", reason))
			.as(BlockedNumber.class);
	}

	/**
	 * {@code POST /v1/platform-blocklist/removals}: {@code blocked} false in the answer;
	 * a number not on the list: 404 {@code VALIDATION_FAILED}.
	 */
	public BlockedNumber unblockNumber(String number, String reason) {
		return send("POST", "/v1/platform-blocklist/removals", null, Map.of("number", number, "reason", reason))
			.as(BlockedNumber.class);
	}

	/** {@code GET /v1/platform-blocklist}: the first 100 entries, newest first. */
	public PlatformBlocklist platformBlocklist() {
		return platformBlocklist(100, 0);
	}

	/**
	 * {@code GET /v1/platform-blocklist?limit=&page=}: {@code limit} (1..500) entries of
	 * page {@code page} (from 0), newest first.
	 */
	public PlatformBlocklist platformBlocklist(int limit, int page) {
		return send("GET", "/v1/platform-blocklist",
				Ns1Signature.query(
						new TreeMap<>(Map.of("limit", Integer.toString(limit), "page", Integer.toString(page)))),
				null)
			.as(PlatformBlocklist.class);
	}

	// PLATFORM: /v1/identity-reports (real-name reports)

	/**
	 * {@code POST /v1/identity-reports} (201): stored encrypted, answered masked. Not
	 * sent again after a 503.
	 */
	public IdentityReport reportIdentity(IdentityReportRequest request) {
		return send("POST", "/v1/identity-reports", null, request).as(IdentityReport.class);
	}

	/**
	 * {@code GET /v1/identity-reports/{reportId}}: another platform's or unknown: 404
	 * {@code IDENTITY_REPORT_NOT_FOUND}.
	 */
	public IdentityReport identityReport(String reportId) {
		return send("GET", "/v1/identity-reports/" + Ns1Signature.encode(reportId), null, null)
			.as(IdentityReport.class);
	}

	/**
	 * {@code POST /v1/identity-reports/search}: the platform's own reports of the phone,
	 * newest first. A POST with the phone in the body, so that it stays out of URLs and
	 * access logs; as a POST it is not sent again after a 503.
	 */
	public List<IdentityReport> searchIdentityReports(String phone) {
		JsonNode reports = send("POST", "/v1/identity-reports/search", null, Map.of("phone", phone)).json()
			.get("identityReports");
		List<IdentityReport> result = new ArrayList<>();
		for (JsonNode node : reports) {
			result.add(JSON.treeToValue(node, IdentityReport.class));
		}
		return result;
	}

	// PLATFORM: call records and recordings (compliance-audit-service)

	/**
	 * {@code GET /v1/bindings/{bindingId}/calls}: a page of the calls of one of the
	 * platform's bindings, oldest first; {@code cursor} is the previous page's
	 * {@link CallRecordPage#nextCursor()} ({@code null} for the first), {@code limit}
	 * 1..200.
	 */
	public CallRecordPage callsOf(String bindingId, int limit, @Nullable String cursor) {
		return send("GET", "/v1/bindings/" + Ns1Signature.encode(bindingId) + "/calls",
				pageQuery(Map.of(), limit, cursor), null)
			.as(CallRecordPage.class);
	}

	/**
	 * {@code GET /v1/calls}: a page of the platform's calls that started in
	 * [{@code from}, {@code to}) (at most 31 days apart), oldest first.
	 */
	public CallRecordPage calls(Instant from, Instant to, int limit, @Nullable String cursor) {
		return send("GET", "/v1/calls", pageQuery(Map.of("from", from.toString(), "to", to.toString()), limit, cursor),
				null)
			.as(CallRecordPage.class);
	}

	/**
	 * {@code GET /v1/calls/{callId}/recording}: a short-lived link to the recording of
	 * one of the platform's calls (an access the ledger records). No such call of the
	 * platform's: {@code CALL_NOT_FOUND}; no recording: {@code RECORDING_NOT_FOUND}.
	 */
	public RecordingLink recordingLink(String callId) {
		return send("GET", "/v1/calls/" + Ns1Signature.encode(callId) + "/recording", null, null)
			.as(RecordingLink.class);
	}

	private static String pageQuery(Map<String, String> fixed, int limit, @Nullable String cursor) {
		Map<String, String> query = new TreeMap<>(fixed);
		query.put("limit", Integer.toString(limit));
		if (cursor != null) {
			query.put("cursor", cursor);
		}
		return Ns1Signature.query(query);
	}

	// CARRIER: /v1/call-routes, /v1/call-events, /v1/numbers/{x}/flags, /v1/tokens

	/**
	 * {@code POST /v1/call-routes}: CONNECT or REJECT (both 200). A number outside the
	 * key's pools: 403 {@code OUT_OF_SCOPE}. Retried after a 429, not after a 503.
	 */
	public RouteAnswer route(RouteRequest request) {
		return send("POST", "/v1/call-routes", null, request).as(RouteAnswer.class);
	}

	/**
	 * {@code POST /v1/call-events} (202): recorded in the ledger, and delivered to the
	 * platform when it belongs to a binding. Retried after a 429, not after a 503.
	 */
	public CallEventRecorded reportCallEvent(CallEvent event) {
		return send("POST", "/v1/call-events", null, event).as(CallEventRecorded.class);
	}

	/**
	 * {@code POST /v1/numbers/{virtualNumber}/flags} (201): the carrier's report of a
	 * number, {@code kind} {@code SPAM_REPORT}, {@code FRAUD_REPORT} or
	 * {@code ABNORMAL_TRAFFIC}, with an optional note; the answer says how many flags the
	 * number has in the window and whether this one quarantined it. A number outside the
	 * key's pools: 403 {@code OUT_OF_SCOPE}. Retried after a 429, not after a 503.
	 */
	public NumberFlag flagNumber(String virtualNumber, String kind, @Nullable String note) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("kind", kind);
		if (note != null) {
			body.put("note", note);
		}
		return send("POST", "/v1/numbers/" + Ns1Signature.encode(virtualNumber) + "/flags", null, body)
			.as(NumberFlag.class);
	}

	/**
	 * {@code POST /v1/tokens}: a 15-minute token for calling call-routing directly,
	 * scoped to the key's pools. Retried after a 429, not after a 503.
	 */
	public CarrierToken token() {
		return send("POST", "/v1/tokens", null, null).as(CarrierToken.class);
	}

	// any path

	/**
	 * A signed call to any path (the other roles' endpoints, for tools and tests), with
	 * this client's retries. Error answers throw; headers are name, value pairs.
	 */
	public Answer send(String method, String path, @Nullable String rawQuery, @Nullable Object body,
			String... headers) {
		Answer answer = exchange(method, path, rawQuery, body, headers);
		if (answer.status() >= 400) {
			throw answer.toException(clock);
		}
		return answer;
	}

	/**
	 * A signed call that returns error answers instead of throwing, with this client's
	 * retries: the answer is the last attempt's ({@link Answer#attempts()}).
	 */
	public Answer exchange(String method, String path, @Nullable String rawQuery, @Nullable Object body,
			String... headers) {
		byte[] payload = body == null ? new byte[0]
				: body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
		String idempotencyKey = null;
		for (int i = 0; i + 1 < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("Idempotency-Key")) {
				idempotencyKey = headers[i + 1];
			}
		}
		Duration waited = Duration.ZERO;
		for (int attempt = 1;; attempt++) {
			Answer answer = once(method, path, rawQuery, payload, idempotencyKey, headers, attempt);
			if (attempt >= retries.maxAttempts()
					|| !RetryPolicy.retryable(method, idempotencyKey != null, answer.status(), answer.code())) {
				return answer;
			}
			Duration retryAfter = answer.retryAfter(clock);
			Duration wait = retryAfter != null ? retryAfter : retries.backoff(attempt, ThreadLocalRandom.current());
			if (waited.plus(wait).compareTo(retries.maxTotalWait()) > 0) {
				return answer;
			}
			onRetry.accept(new Retry(method, path, attempt, answer.status(), answer.code(), wait));
			try {
				sleeper.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return answer;
			}
			waited = waited.plus(wait);
		}
	}

	/**
	 * A signed GET whose answer is streamed rather than read into memory (the audit
	 * export, {@code GET /v1/audit/events}): a 2xx answers a {@link Download} to read and
	 * close; an error answer throws {@link NumShieldException}, after this client's
	 * retries (a GET: 429 and 503 alike).
	 */
	public Download download(String path, @Nullable String rawQuery) {
		Duration waited = Duration.ZERO;
		for (int attempt = 1;; attempt++) {
			String authorization = Ns1Signature.authorization(keyId, secret, "GET", path, rawQuery, null, new byte[0],
					clock.millis() / 1000, Ns1Signature.nonce());
			HttpRequest request = HttpRequest
				.newBuilder(base.resolve(path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery)))
				.timeout(requestTimeout)
				.header("Authorization", authorization)
				.GET()
				.build();
			HttpResponse<InputStream> response;
			try {
				response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			if (response.statusCode() < 400) {
				return new Download(response.statusCode(), contentType, response.headers(), response.body());
			}
			Answer answer;
			try (InputStream body = response.body()) {
				answer = new Answer(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8),
						contentType, response.headers(), attempt);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Duration retryAfter = answer.retryAfter(clock);
			Duration wait = retryAfter != null ? retryAfter : retries.backoff(attempt, ThreadLocalRandom.current());
			if (attempt >= retries.maxAttempts() || !RetryPolicy.retryable("GET", false, answer.status(), answer.code())
					|| waited.plus(wait).compareTo(retries.maxTotalWait()) > 0) {
				throw answer.toException(clock);
			}
			onRetry.accept(new Retry("GET", path, attempt, answer.status(), answer.code(), wait));
			try {
				sleeper.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw answer.toException(clock);
			}
			waited = waited.plus(wait);
		}
	}

	/** One attempt: signed now, with a nonce of its own. */
	private Answer once(String method, String path, @Nullable String rawQuery, byte[] payload,
			@Nullable String idempotencyKey, String[] headers, int attempt) {
		String authorization = Ns1Signature.authorization(keyId, secret, method, path, rawQuery, idempotencyKey,
				payload, clock.millis() / 1000, Ns1Signature.nonce());
		HttpRequest.Builder request = HttpRequest
			.newBuilder(base.resolve(path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery)))
			.timeout(requestTimeout)
			.header("Authorization", authorization)
			.method(method, payload.length == 0 ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(payload));
		if (payload.length > 0) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""), response.headers(), attempt);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A streamed 2xx answer of {@link #download}: read {@code body} and close it (or the
	 * download) when done; the connection is held until then.
	 */
	public record Download(int status, String contentType, HttpHeaders headers,
			InputStream body) implements AutoCloseable {

		/** The {@code Content-Disposition} the service sent, {@code null} without one. */
		public @Nullable String contentDisposition() {
			return headers.firstValue("Content-Disposition").orElse(null);
		}

		@Override
		public void close() {
			try {
				body.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * A raw answer: status, body, content type, headers, and which attempt it answered
	 * (1: the first).
	 */
	public record Answer(int status, String body, String contentType, HttpHeaders headers, int attempts) {

		public Answer(int status, String body, String contentType) {
			this(status, body, contentType, NO_HEADERS, 1);
		}

		public @Nullable JsonNode json() {
			return body == null || body.isBlank() || !contentType.contains("json") ? null : JSON.readTree(body);
		}

		public <T> T as(Class<T> type) {
			return JSON.readValue(body, type);
		}

		/** A problem document's {@code code}, {@code null} if the body holds none. */
		public @Nullable String code() {
			return problemField("code");
		}

		/** A problem document's {@code detail}, {@code null} if the body holds none. */
		public @Nullable String detail() {
			return problemField("detail");
		}

		/**
		 * {@code Retry-After} as a wait from the clock's now
		 * ({@link RetryPolicy#retryAfter}), {@code null} without one.
		 */
		public @Nullable Duration retryAfter(Clock clock) {
			return RetryPolicy.retryAfter(headers.firstValue("Retry-After").orElse(null), clock.instant());
		}

		/** This answer as the exception {@link #send} throws. */
		NumShieldException toException(Clock clock) {
			return new NumShieldException(status, code(), detail(), body, retryAfter(clock), attempts);
		}

		private @Nullable String problemField(String name) {
			JsonNode json;
			try {
				json = json();
			}
			catch (RuntimeException ex) {
				return null; // not JSON after all: no problem fields
			}
			JsonNode field = json == null ? null : json.get(name);
			return field == null || !field.isString() ? null : field.asString();
		}
	}

	/** One retry about to be made, for logs and metrics ({@link Builder#onRetry}). */
	public record Retry(String method, String path, int failedAttempt, int status, @Nullable String code,
			Duration delay) {
	}

	/**
	 * Waits between attempts; {@link Thread#sleep(Duration)} unless a test gives another.
	 */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	/** The settings of a {@link NumShieldClient}. */
	public static final class Builder {

		private final URI base;

		private @Nullable String keyId;

		private @Nullable String secret;

		private @Nullable HttpClient http;

		private Clock clock = Clock.systemUTC();

		private Duration requestTimeout = Duration.ofSeconds(30);

		private RetryPolicy retries = RetryPolicy.DEFAULT;

		private Sleeper sleeper = Thread::sleep;

		private Consumer<Retry> onRetry = retry -> {
		};

		private Builder(URI base) {
			this.base = Objects.requireNonNull(base, "gateway");
		}

		/** The API key: its id and secret, as {@code POST /v1/api-keys} returned them. */
		public Builder key(String id, String keySecret) {
			this.keyId = Objects.requireNonNull(id, "keyId");
			this.secret = Objects.requireNonNull(keySecret, "secret");
			return this;
		}

		/** The API key as {@code <keyId>:<secret>}, the form make run prints. */
		public Builder key(String keyIdColonSecret) {
			int colon = keyIdColonSecret.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("expected <keyId>:<secret>");
			}
			return key(keyIdColonSecret.substring(0, colon), keyIdColonSecret.substring(colon + 1));
		}

		/** Default: {@link RetryPolicy#DEFAULT}. */
		public Builder retries(RetryPolicy policy) {
			this.retries = Objects.requireNonNull(policy, "policy");
			return this;
		}

		/** Default: HTTP/1.1, a 5 s connect timeout. */
		public Builder httpClient(HttpClient client) {
			this.http = Objects.requireNonNull(client, "client");
			return this;
		}

		/** How long one attempt may take to be answered; default 30 s. */
		public Builder requestTimeout(Duration timeout) {
			this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		/**
		 * The clock requests are signed with and HTTP-date {@code Retry-After} values are
		 * read against; default the system's.
		 */
		public Builder clock(Clock value) {
			this.clock = Objects.requireNonNull(value, "clock");
			return this;
		}

		/** What waits between attempts; default {@link Thread#sleep(Duration)}. */
		public Builder sleeper(Sleeper value) {
			this.sleeper = Objects.requireNonNull(value, "sleeper");
			return this;
		}

		/**
		 * Told of every retry before its wait (to log or count them); replaces any
		 * earlier listener.
		 */
		public Builder onRetry(Consumer<Retry> listener) {
			this.onRetry = Objects.requireNonNull(listener, "listener");
			return this;
		}

		public NumShieldClient build() {
			if (keyId == null || secret == null) {
				throw new IllegalStateException("an API key is required: key(keyId, secret)");
			}
			return new NumShieldClient(this);
		}

	}

}
