package io.numshield.audit.query.web;

import io.numshield.audit.ledger.ChainVerifier;
import io.numshield.audit.ledger.ChainVerifier.Verification;
import io.numshield.audit.ledger.Checkpoints;
import io.numshield.audit.ledger.Checkpoints.Checkpoint;
import io.numshield.audit.ledger.LedgerSigningKey;
import io.numshield.audit.ledger.QueryLimiter;
import io.numshield.audit.ledger.QueryPool;
import io.numshield.audit.ledger.QueryProperties;
import io.numshield.audit.ledger.QueryRange;
import io.numshield.audit.query.DailyReports;
import io.numshield.audit.query.EventExport;
import io.numshield.audit.query.Holder;
import io.numshield.audit.query.Investigations;
import io.numshield.audit.query.Investigations.Document;
import io.numshield.audit.query.GroupMembership;
import io.numshield.audit.query.PartyFindings;
import io.numshield.audit.query.ReportedIdentity;
import io.numshield.audit.replica.Freshness;
import io.numshield.audit.replica.Reads.Served;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.numshield.core.event.EventType;
import io.numshield.core.identity.IdType;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulators' API ({@code /v1/audit/**}): trace and party-search answer full numbers
 * and are recorded as ACCESS entries; events streams the ledger masked (and is recorded
 * too); verify recomputes the chain and checks the holdings against it; checkpoints lists
 * signed chain heads. events and verify take bounded ranges and run a few at a time
 * ({@link QueryLimiter}). trace, party-search and events may be read from a replica:
 * their answers say which server answered and how fresh its data is
 * ({@code NumShield-Read-From}, {@code NumShield-Data-As-Of},
 * {@code NumShield-Staleness-Ms}); verify and checkpoints always read the primary. The
 * signed daily report ({@code reports/daily/{date}}, ADR 0028) is read and recorded like
 * an export.
 */
@RestController
class AuditController {

	private static final int MAX_REASON = 500;

	/** {@code primary} or {@code replica}: the server whose data the answer holds. */
	static final String READ_FROM = "NumShield-Read-From";

	/** The answer holds every change committed before this instant (ISO-8601, UTC). */
	static final String DATA_AS_OF = "NumShield-Data-As-Of";

	/**
	 * How much older than the question the data may be, in milliseconds (0: as fresh as
	 * the primary's).
	 */
	static final String STALENESS = "NumShield-Staleness-Ms";

	private final Investigations investigations;

	private final EventExport export;

	private final ChainVerifier verifier;

	private final Checkpoints checkpoints;

	private final LedgerSigningKey signingKey;

	private final QueryPool pool;

	private final QueryLimiter limiter;

	private final Duration maxSpan;

	private final DailyReports dailyReports;

	AuditController(Investigations investigations, EventExport export, ChainVerifier verifier, Checkpoints checkpoints,
			LedgerSigningKey signingKey, QueryPool pool, QueryLimiter limiter, QueryProperties limits,
			DailyReports dailyReports) {
		this.dailyReports = dailyReports;
		this.investigations = investigations;
		this.export = export;
		this.verifier = verifier;
		this.checkpoints = checkpoints;
		this.signingKey = signingKey;
		this.pool = pool;
		this.limiter = limiter;
		this.maxSpan = limits.maxSpan();
	}

	record TraceAnswer(String virtualNumber, Instant at, List<Holder> holders) {
	}

	/**
	 * By a real number ({@code party}), an identity document ({@code idType} and
	 * {@code idNumber}), or both.
	 */
	record PartySearch(@Nullable String party, @NotNull String from, @NotNull String to,
			@NotBlank @Size(max = MAX_REASON) String reason, @Nullable IdType idType,
			@Nullable @Size(max = 40) String idNumber) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PartyAnswer(@Nullable String party, Instant from, Instant to, List<Holder> holders,
			List<ReportedIdentity> identityReports, List<GroupMembership> groups) {
	}

	@GetMapping("/v1/audit/trace")
	ResponseEntity<TraceAnswer> trace(@RequestParam String virtualNumber, @RequestParam String at,
			@RequestParam String reason, @AuthenticationPrincipal Jwt jwt) {
		VirtualNumber number = VirtualNumber.parse(virtualNumber);
		Instant instant = QueryRange.instant("at", at);
		Served<List<Holder>> served = investigations.trace(CallerIdentity.from(jwt), number, instant, reason(reason));
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		show(served.freshness(), ok::header);
		return ok.body(new TraceAnswer(number.digits(), instant, served.value()));
	}

	@PostMapping("/v1/audit/party-search")
	ResponseEntity<PartyAnswer> partySearch(@Valid @RequestBody PartySearch request, @AuthenticationPrincipal Jwt jwt) {
		if ((request.idType() == null) != (request.idNumber() == null)) {
			throw invalid("idType and idNumber go together");
		}
		if (request.party() == null && request.idNumber() == null) {
			throw invalid("give party, or idType and idNumber, or both");
		}
		RealNumber party = request.party() == null ? null : RealNumber.parse(request.party());
		Document document = request.idType() == null || request.idNumber() == null ? null
				: new Document(request.idType(), Identity.normalised(request.idNumber()));
		QueryRange range = QueryRange.ordered(request.from(), request.to());
		Instant from = range.from();
		Instant to = range.to();
		Served<PartyFindings> served = investigations.partySearch(CallerIdentity.from(jwt), party, document, from, to,
				reason(request.reason()));
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		show(served.freshness(), ok::header);
		return ok.body(new PartyAnswer(party == null ? null : party.e164(), from, to, served.value().holders(),
				served.value().identityReports(), served.value().groups()));
	}

	@GetMapping("/v1/audit/events")
	void events(@RequestParam String from, @RequestParam String to, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String platformId, @RequestParam(required = false) String virtualNumber,
			@RequestParam(required = false) String type, @RequestParam(defaultValue = "jsonl") String format,
			@AuthenticationPrincipal Jwt jwt, HttpServletResponse response) {
		QueryRange range = QueryRange.bounded(from, to, maxSpan);
		Instant start = range.from();
		Instant end = range.to();
		EventExport.Format chosen = format(format);
		String eventType = null;
		if (type != null && !type.isBlank()) {
			try {
				eventType = EventType.valueOf(type).name();
			}
			catch (IllegalArgumentException ex) {
				throw invalid("type is one of " + List.of(EventType.values()));
			}
		}
		String number = virtualNumber == null || virtualNumber.isBlank() ? null
				: VirtualNumber.parse(virtualNumber).digits();
		String platform = platformId == null || platformId.isBlank() ? null : platformId;
		String why = reason(reason);
		EventExport.Criteria criteria = new EventExport.Criteria(start, end, platform, number, eventType);
		limiter.run(() -> export.export(CallerIdentity.from(jwt), why, criteria, chosen,
				target(chosen, "numshield-audit", response)));
	}

	/**
	 * The call records that started in [from, to), streamed like the events (masked,
	 * counted, limited, recorded as an ACCESS entry).
	 */
	@GetMapping("/v1/audit/calls/export")
	void exportCalls(@RequestParam String from, @RequestParam String to, @RequestParam(required = false) String reason,
			@RequestParam(defaultValue = "jsonl") String format, @AuthenticationPrincipal Jwt jwt,
			HttpServletResponse response) {
		QueryRange range = QueryRange.bounded(from, to, maxSpan);
		Instant start = range.from();
		Instant end = range.to();
		EventExport.Format chosen = format(format);
		String why = reason(reason);
		limiter.run(() -> export.exportCalls(CallerIdentity.from(jwt), why, start, end, chosen,
				target(chosen, "numshield-calls", response)));
	}

	private static EventExport.Format format(String format) {
		return switch (format.toLowerCase(Locale.ROOT)) {
			case "jsonl" -> EventExport.Format.JSONL;
			case "csv" -> EventExport.Format.CSV;
			default -> throw invalid("format is jsonl or csv");
		};
	}

	/** The response, opened as an attachment once the export is allowed and recorded. */
	private static EventExport.Target target(EventExport.Format format, String name, HttpServletResponse response) {
		return freshness -> {
			response.setStatus(HttpStatus.OK.value());
			show(freshness, response::setHeader);
			response
				.setContentType(format == EventExport.Format.CSV ? "text/csv;charset=UTF-8" : "application/x-ndjson");
			response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "."
					+ (format == EventExport.Format.CSV ? "csv" : "jsonl") + "\"");
			return response.getOutputStream();
		};
	}

	/** The header of a daily report's CSV that carries its signature. */
	static final String SIGNATURE = "NumShield-Signature";

	/** The id of the key that signed it. */
	static final String SIGNATURE_KEY = "NumShield-Signature-Key-Id";

	/**
	 * The pilot's daily report of {@code date} (YYYY-MM-DD, a day in Asia/Shanghai that
	 * is over): the CSV, its Ed25519 signature in {@code NumShield-Signature}
	 * ({@code ed25519=<base64>}), ADR 0028.
	 */
	@GetMapping("/v1/audit/reports/daily/{date}")
	ResponseEntity<byte[]> dailyReport(@PathVariable String date, @RequestParam(required = false) String reason,
			@AuthenticationPrincipal Jwt jwt) {
		DailyReports.Report report = dailyReport(date, reason, DailyReports.Part.CSV, jwt);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		show(report.freshness(), ok::header);
		return ok.contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
			.header(SIGNATURE, "ed25519=" + report.signature())
			.header(SIGNATURE_KEY, report.keyId())
			.header("Content-Disposition", "attachment; filename=\"numshield-daily-" + report.date() + ".csv\"")
			.body(report.csv());
	}

	/**
	 * The detached signature of a daily report, and what it covers.
	 *
	 * @param date the day
	 * @param zone the zone whose day it is
	 * @param from the day's first instant
	 * @param to the first instant after it
	 * @param algorithm Ed25519
	 * @param keyId the signing key's id ({@code GET /v1/audit/checkpoints/key})
	 * @param signature over the CSV's exact bytes, standard base64
	 * @param sha256 the CSV's SHA-256, hex
	 * @param rowCount the CSV's rows below its header
	 * @param ledgerSeqFrom the first ledger seq of the day's lease entries, null if none
	 * @param ledgerSeqTo the last one, null if none
	 */
	record ReportSignature(String date, String zone, Instant from, Instant to, String algorithm, String keyId,
			String signature, String sha256, int rowCount, @Nullable Long ledgerSeqFrom, @Nullable Long ledgerSeqTo) {
	}

	@GetMapping("/v1/audit/reports/daily/{date}/signature")
	ResponseEntity<ReportSignature> dailyReportSignature(@PathVariable String date,
			@RequestParam(required = false) String reason, @AuthenticationPrincipal Jwt jwt) {
		DailyReports.Report r = dailyReport(date, reason, DailyReports.Part.SIGNATURE, jwt);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		show(r.freshness(), ok::header);
		return ok.body(new ReportSignature(r.date().toString(), DailyReports.ZONE.getId(), r.from(), r.to(),
				LedgerSigningKey.ALGORITHM, r.keyId(), r.signature(), r.sha256(), r.rows(), r.firstSeq(), r.lastSeq()));
	}

	private DailyReports.Report dailyReport(String date, @Nullable String reason, DailyReports.Part part, Jwt jwt) {
		LocalDate day;
		try {
			day = LocalDate.parse(date);
		}
		catch (DateTimeParseException ex) {
			throw invalid("date is a day as YYYY-MM-DD (in " + DailyReports.ZONE + "), like 2026-11-30");
		}
		if (!dailyReports.over(day)) {
			throw new ApiException(HttpStatus.CONFLICT, "REPORT_NOT_READY",
					date + " is not over yet in " + DailyReports.ZONE + ": its report can be made from "
							+ day.plusDays(1).atStartOfDay(DailyReports.ZONE).toOffsetDateTime());
		}
		String why = reason == null || reason.isBlank() ? "daily report" : reason(reason);
		return limiter.run(() -> dailyReports.report(CallerIdentity.from(jwt), day, part, why));
	}

	@GetMapping("/v1/audit/verify")
	Map<String, Object> verify(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
		if (from == null || to == null) {
			throw invalid("from and to are required: verify checks a range of at most " + maxSpan.toDays()
					+ " days (numshield.audit.query.max-span)");
		}
		QueryRange range = QueryRange.bounded(from, to, maxSpan);
		Instant start = range.from();
		Instant end = range.to();
		Verification v = limiter.run(() -> verifier.verify(start, end));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("verified", v.verified());
		if (v.firstBadSeq() == null) {
			answer.put("entries", v.entries());
			answer.put("head", v.head());
		}
		else {
			answer.put("firstBadSeq", v.firstBadSeq());
		}
		if (v.problem() != null) {
			answer.put("problem", v.problem());
		}
		answer.put("holdings", Map.of("bindings", v.holdingsChecked(), "differing", v.holdingsDiffering()));
		return answer;
	}

	record CheckpointList(List<Checkpoint> checkpoints) {
	}

	@GetMapping("/v1/audit/checkpoints")
	CheckpointList checkpoints(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
		QueryRange range = QueryRange.bounded(from, to, maxSpan);
		Instant start = range.from();
		Instant end = range.to();
		return new CheckpointList(pool.inTransaction(true, status -> checkpoints.between(pool.jdbc(), start, end)));
	}

	record SigningKey(String keyId, String algorithm, String publicKey, Map<String, String> jwk) {
	}

	@GetMapping("/v1/audit/checkpoints/key")
	SigningKey checkpointKey() {
		return new SigningKey(signingKey.keyId(), LedgerSigningKey.ALGORITHM, signingKey.publicKeyPem(),
				signingKey.jwk());
	}

	/** Which server answered, and how fresh its data is: the three headers. */
	private static void show(Freshness freshness, BiConsumer<String, String> header) {
		header.accept(READ_FROM, freshness.server().label());
		header.accept(DATA_AS_OF, freshness.asOf().toString());
		header.accept(STALENESS, Long.toString(freshness.staleness().toMillis()));
	}

	private static String reason(String reason) {
		if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
			throw invalid(
					"reason is required (at most " + MAX_REASON + " characters): each look-up is recorded with it");
		}
		return reason.strip();
	}

	private static ApiException invalid(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

}
