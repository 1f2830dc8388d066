import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.RedisKeys;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes, as Redis protocol for {@code redis-cli --pipe}, the XADDs that binding-service's and
 * call-routing-service's scripts would have made for N events (bench/audit-ingest.sh): per binding
 * a BINDING_CREATED and a BINDING_RELEASED on its shard's lease stream, a CALL_ROUTED and a
 * CALL_EVENT on the dialed number's call stream, with the fields of lib.lua ({@code emit}),
 * route.lua and call-event.lua in their order. Parties are fixture numbers (the
 * {@code 13x0000nnnn} corner, as test-support's PhoneFixtures), encrypted and blind-indexed with the
 * project's own {@link PersonalDataProtector} and the keys the service is given: the service
 * decrypts every one as it would a real event.
 * <p>
 * Run with the service jar's libraries on the class path:
 * {@code java -cp 'lib/*' bench/AuditEvents.java <keysDir> <keyPrefix> <events> [<events per second>]};
 * with a rate it writes to Redis itself, paced, each event stamped with the time it was written
 * (platforms {@code aib-paced-*}), rather than printing them.
 */
public class AuditEvents {

	private static final String[] SERIES = { "138", "139", "137", "136" };

	public static void main(String[] args) throws IOException, InterruptedException {
		PersonalDataProtector protector = new PersonalDataProtector(ProtectionKeys.fromDirectory(Path.of(args[0])));
		RedisKeys keys = new RedisKeys(args[1]);
		int events = Integer.parseInt(args[2]);
		if (args.length > 3) {
			paced(new AuditEvents(protector, keys, "aib-paced-"), events, Integer.parseInt(args[3]));
			return;
		}
		AuditEvents writer = new AuditEvents(protector, keys, "aib-platform-");
		long now = System.currentTimeMillis();
		OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
		for (int i = 0; i * 4 < events; i++) {
			long created = now - 600_000 + i;
			writer.binding(out, i, created, created + 30_000, created + 90_000, created + 120_000);
		}
		out.flush();
	}

	/**
	 * Writes the events straight to Redis (127.0.0.1, port {@code REDIS_PORT}, default 6379) at {@code rate} events per second, each
	 * with the time it is written as its occurredAt, as the services would under a steady load: the
	 * lag of each ledger row is then its recorded_at - occurred_at. Prints the Redis errors seen.
	 */
	private static void paced(AuditEvents writer, int events, int rate) throws IOException, InterruptedException {
		try (Socket redis = new Socket("127.0.0.1", Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")))) {
			redis.setTcpNoDelay(true);
			InputStream replies = redis.getInputStream();
			long[] errors = { 0 };
			Thread drain = new Thread(() -> {
				// every reply is read (and dropped) so that Redis never stalls on a full socket; errors are counted
				try {
					int c;
					boolean lineStart = true;
					while ((c = replies.read()) >= 0) {
						if (lineStart && c == '-') {
							errors[0]++;
						}
						lineStart = c == '\n';
					}
				}
				catch (IOException closed) {
					// the socket closed at the end
				}
			});
			drain.start();
			OutputStream out = new BufferedOutputStream(redis.getOutputStream(), 1 << 16);
			long start = System.nanoTime();
			int i = 0;
			while (i * 4 < events) {
				long due = (System.nanoTime() - start) * rate / 4 / 1_000_000_000L;
				long now = System.currentTimeMillis();
				for (; i < due && i * 4 < events; i++) {
					writer.binding(out, i, now, now, now, now);
				}
				out.flush();
				Thread.sleep(2);
			}
			out.flush();
			redis.shutdownOutput();
			drain.join(30_000);
			System.out.println("paced: " + i * 4 + " events in " + (System.nanoTime() - start) / 1_000_000 + " ms, "
					+ errors[0] + " Redis errors");
		}
	}

	private final PersonalDataProtector protector;

	private final RedisKeys keys;

	private final String platformPrefix;

	private AuditEvents(PersonalDataProtector protector, RedisKeys keys, String platformPrefix) {
		this.protector = protector;
		this.keys = keys;
		this.platformPrefix = platformPrefix;
	}

	/** The four events of binding number i, at the times given. */
	private void binding(OutputStream out, int i, long created, long routed, long hungUp, long released)
			throws IOException {
		RealNumber a = RealNumber.parse(fixture(i % 200_000));
		RealNumber b = RealNumber.parse(fixture(200_000 + i % 200_000));
		String parties = protector.encryptParties(List.of(a, b));
		String indexA = protector.blindIndex(a);
		String indexB = protector.blindIndex(b);
		VirtualNumber x = VirtualNumber.parse("7001000" + String.format("%08d", i % 100_000_000));
		String id = BindingId.random(x.shard()).value();
		String platform = platformPrefix + (i % 8);
		String order = "ORD-" + i;
		long expires = created + 1_800_000;
		String[] binding = { "bindingId", id, "platformId", platform, "orderId", order, "mode", "AXB",
				"virtualNumber", x.digits(), "poolId", "aib-pool", "direction", "BOTH", "recording", "0",
				"createdAt", Long.toString(created), "expiresAt", Long.toString(expires), "partyAIndex", indexA,
				"partyBIndex", indexB, "parties", parties };
		xadd(out, keys.events(x.shard()), concat(new String[] { "v", "1", "eventId", "created:" + id, "type",
				"BINDING_CREATED", "occurredAt", Long.toString(created) }, binding,
				new String[] { "consentReference", "aib-consent-" + i, "consentGrantedAt", Long.toString(created - 5_000) }));
		String callId = "aib-call-" + i;
		xadd(out, keys.calls(x.shard()), new String[] { "v", "1", "eventId", "routed:" + callId + ":" + UUID.randomUUID(),
				"type", "CALL_ROUTED", "occurredAt", Long.toString(routed), "callId", callId, "callType", "VOICE",
				"virtualNumber", x.digits(), "callerIndex", indexA, "action", "CONNECT", "reason", "", "bindingId", id,
				"platformId", platform, "orderId", order });
		xadd(out, keys.calls(x.shard()), new String[] { "v", "1", "eventId",
				"evt_" + UUID.randomUUID().toString().replace("-", ""), "type", "CALL_EVENT", "occurredAt",
				Long.toString(hungUp), "callId", callId, "virtualNumber", x.digits(), "callerIndex", indexA,
				"callerRole", "A", "bindingId", id, "platformId", platform, "orderId", order, "details",
				"{\"event\":\"HANGUP\",\"occurredAt\":\"" + java.time.Instant.ofEpochMilli(hungUp - 1_000)
						+ "\",\"caller\":\"" + a.masked() + "\",\"durationSeconds\":60,\"releaseCause\":\"16\","
						+ "\"releaseDirection\":\"CALLER\"}" });
		xadd(out, keys.events(x.shard()), concat(new String[] { "v", "1", "eventId", "released:" + id, "type",
				"BINDING_RELEASED", "occurredAt", Long.toString(released) }, binding,
				new String[] { "releasedAt", Long.toString(released), "reason", "DELETED" }));
	}

	private static String fixture(int n) {
		return SERIES[n / 100_000] + "000" + String.format("%05d", n % 100_000);
	}

	private static String[] concat(String[]... parts) {
		List<String> all = new ArrayList<>();
		for (String[] part : parts) {
			all.addAll(List.of(part));
		}
		return all.toArray(String[]::new);
	}

	private static void xadd(OutputStream out, String key, String[] fields) throws IOException {
		out.write(("*" + (fields.length + 3) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		bulk(out, "XADD");
		bulk(out, key);
		bulk(out, "*");
		for (String field : fields) {
			bulk(out, field);
		}
	}

	private static void bulk(OutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
	}
}
