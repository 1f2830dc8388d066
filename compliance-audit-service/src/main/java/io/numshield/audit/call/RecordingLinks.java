package io.numshield.audit.call;

import io.numshield.audit.query.AccessLog;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.token.Role;
import io.numshield.support.protection.ProtectionProperties;
import io.numshield.support.security.CallerIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Short-lived links to a call's recording. A platform asks for one of its own calls
 * ({@link #issue}); the link is {@code <link-base-url>/v1/recordings/<token>}, the token
 * {@code v1.<payload>.<mac>}: payload = base64url of {@code callId \n platformId \n
 * expiry (epoch seconds)}, mac = base64url of HMAC-SHA256 under the link key over
 * {@code numshield-recording-link/1 \n payload}. The token is the credential: whoever
 * holds the link may fetch the file until it expires ({@link #open}), through this
 * service, which fetches it from the recording store with the store's credential; the
 * store's address and credential never leave the service. Issuing and fetching are each
 * an {@code ACCESS} entry in the ledger, written before the answer leaves.
 */
@Service
public class RecordingLinks {

	private static final Logger log = LoggerFactory.getLogger(RecordingLinks.class);

	static final String KEY_FILE = "recording-link.key";

	private static final String CONTEXT = "numshield-recording-link/1\n";

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final JdbcTemplate jdbc;

	private final PersonalDataProtector protector;

	private final AccessLog access;

	private final RecordingStore store;

	private final Clock clock;

	private final CallProperties properties;

	private final ProtectionProperties keys;

	/** Loaded at the first link, so that a deployment without one starts all the same. */
	private volatile @Nullable SecretKeySpec key;

	RecordingLinks(JdbcTemplate jdbc, PersonalDataProtector protector, AccessLog access, RecordingStore store,
			Clock clock, CallProperties properties, ProtectionProperties keys) {
		this.jdbc = jdbc;
		this.protector = protector;
		this.access = access;
		this.store = store;
		this.clock = clock;
		this.properties = properties;
		this.keys = keys;
	}

	/** A link: where, and until when. */
	public record Link(String url, Instant expiresAt) {
	}

	/**
	 * A link to the recording of one of the platform's calls: 404 CALL_NOT_FOUND for a
	 * call that is not the platform's (or unknown), RECORDING_NOT_FOUND for one without a
	 * recording.
	 */
	public Link issue(CallerIdentity caller, String callId) {
		Call call = call(callId, caller.platformId());
		if (call.location() == null) {
			throw new Refusal(ProblemCode.RECORDING_NOT_FOUND, "call " + callId + " has no recording");
		}
		Instant expires = clock.instant().plus(properties.linkLifetime()).truncatedTo(ChronoUnit.SECONDS);
		access.recordRecording(caller, "recording-link", call.platformId(), call.virtualNumber(), callId, expires);
		return new Link(properties.linkBaseUrl().replaceAll("/+$", "") + "/v1/recordings/"
				+ token(callId, call.platformId(), expires), expires);
	}

	/**
	 * The recording a link points at, from the store: 403 RECORDING_LINK_INVALID for a
	 * token that is not one of ours or has expired; 404 RECORDING_NOT_FOUND when the
	 * store has no such file.
	 */
	public RecordingStore.Recording open(String token) {
		Claims claims = verify(token);
		Call call = call(claims.callId(), claims.platformId());
		if (call.location() == null) {
			throw new Refusal(ProblemCode.RECORDING_NOT_FOUND, "call " + claims.callId() + " has no recording");
		}
		String location = protector.decryptRecordingLocation(call.location());
		access.recordRecording(new CallerIdentity("recording-link", Role.PLATFORM, claims.platformId(), null),
				"recording-fetch", claims.platformId(), call.virtualNumber(), claims.callId(), claims.expiresAt());
		return store.fetch(location);
	}

	String token(String callId, String platformId, Instant expires) {
		String payload = B64.encodeToString(
				(callId + "\n" + platformId + "\n" + expires.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
		return "v1." + payload + "." + B64.encodeToString(mac(payload));
	}

	private Claims verify(String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3 || !parts[0].equals("v1")) {
			throw invalid("not a recording link of this service");
		}
		// the MAC compared as issued, in its one spelling: a decoder ignores the last
		// character's unused bits, so a decoded comparison let a link through in four
		// spellings
		if (!MessageDigest.isEqual(parts[2].getBytes(StandardCharsets.US_ASCII), B64.encode(mac(parts[1])))) {
			throw invalid("not a recording link of this service");
		}
		List<String> fields;
		try {
			fields = List
				.of(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).split("\n", -1));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("not a recording link of this service");
		}
		if (fields.size() != 3) {
			throw invalid("not a recording link of this service");
		}
		Instant expires;
		try {
			expires = Instant.ofEpochSecond(Long.parseLong(fields.get(2)));
		}
		catch (NumberFormatException ex) {
			throw invalid("not a recording link of this service");
		}
		if (!clock.instant().isBefore(expires)) {
			throw invalid("the link expired at " + expires + ": ask GET /v1/calls/{callId}/recording for a new one");
		}
		return new Claims(fields.get(0), fields.get(1), expires);
	}

	private Call call(String callId, @Nullable String platformId) {
		List<Map<String, Object>> rows = jdbc.queryForList(
				"SELECT platform_id, virtual_number, recording_location FROM call_record WHERE call_id = ?", callId);
		if (rows.isEmpty() || platformId == null || !platformId.equals(rows.get(0).get("platform_id"))) {
			throw new Refusal(ProblemCode.CALL_NOT_FOUND, "no call " + callId);
		}
		Map<String, Object> row = rows.get(0);
		return new Call(platformId, (String) row.get("virtual_number"), (String) row.get("recording_location"));
	}

	private byte[] mac(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key());
			return mac.doFinal((CONTEXT + payload).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private static Refusal invalid(String detail) {
		return new Refusal(ProblemCode.RECORDING_LINK_INVALID, detail);
	}

	private SecretKeySpec key() {
		SecretKeySpec loaded = key;
		if (loaded == null) {
			synchronized (this) {
				loaded = key;
				if (loaded == null) {
					loaded = new SecretKeySpec(key(properties, keys), "HmacSHA256");
					key = loaded;
				}
			}
		}
		return loaded;
	}

	/**
	 * The link key: {@code numshield.audit.calls.link-key}, else
	 * {@code recording-link.key} in the keys directory, generated (32 random bytes,
	 * base64, owner-only) if missing; instances that start together on one directory
	 * agree on the one that was written first.
	 */
	private static byte[] key(CallProperties properties, ProtectionProperties keys) {
		String text = properties.linkKey();
		if (text == null || text.isBlank()) {
			if (keys.dir() == null || keys.dir().isBlank()) {
				throw new IllegalStateException("no recording link key: set numshield.audit.calls.link-key "
						+ "(NUMSHIELD_RECORDING_LINK_KEY) or a keys directory (NUMSHIELD_KEYS_DIR)");
			}
			Path file = Path.of(keys.dir()).resolve(KEY_FILE);
			try {
				if (!Files.exists(file)) {
					byte[] fresh = new byte[32];
					new SecureRandom().nextBytes(fresh);
					Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), KEY_FILE, ".new",
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
					Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh) + "\n");
					try {
						Files.createLink(file, temporary);
						log.info("generated the recording link key {}", file);
					}
					catch (FileAlreadyExistsException raced) {
						// another instance wrote it first: its key is the one
					}
					finally {
						Files.deleteIfExists(temporary);
					}
				}
				text = Files.readString(file, StandardCharsets.US_ASCII);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read or write the recording link key " + file, ex);
			}
		}
		byte[] bytes = Base64.getDecoder().decode(text.strip());
		if (bytes.length < 32) {
			throw new IllegalStateException("the recording link key has " + bytes.length + " bytes; at least 32");
		}
		return bytes;
	}

	private record Claims(String callId, String platformId, Instant expiresAt) {
	}

	private record Call(String platformId, @Nullable String virtualNumber, @Nullable String location) {
	}

}
