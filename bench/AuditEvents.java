import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.RedisKeys;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * {@code java -cp 'lib/*' bench/AuditEvents.java <keysDir> <keyPrefix> <events>}.
 */
public class AuditEvents {

	private static final String[] SERIES = { "138", "139", "137", "136" };

	public static void main(String[] args) throws IOException {
		PersonalDataProtector protector = new PersonalDataProtector(ProtectionKeys.fromDirectory(Path.of(args[0])));
		RedisKeys keys = new RedisKeys(args[1]);
		int events = Integer.parseInt(args[2]);
		long now = System.currentTimeMillis();
		OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
		for (int i = 0; i * 4 < events; i++) {
			RealNumber a = RealNumber.parse(fixture(i % 200_000));
			RealNumber b = RealNumber.parse(fixture(200_000 + i % 200_000));
			String parties = protector.encryptParties(List.of(a, b));
			String indexA = protector.blindIndex(a);
			String indexB = protector.blindIndex(b);
			VirtualNumber x = VirtualNumber.parse("7001000" + String.format("%08d", i % 100_000_000));
			String id = BindingId.random(x.shard()).value();
			String platform = "aib-platform-" + (i % 8);
			String order = "ORD-" + i;
			long created = now - 600_000 + i;
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
					"type", "CALL_ROUTED", "occurredAt", Long.toString(created + 30_000), "callId", callId, "callType", "VOICE",
					"virtualNumber", x.digits(), "callerIndex", indexA, "action", "CONNECT", "reason", "", "bindingId", id,
					"platformId", platform, "orderId", order });
			xadd(out, keys.calls(x.shard()), new String[] { "v", "1", "eventId",
					"evt_" + UUID.randomUUID().toString().replace("-", ""), "type", "CALL_EVENT", "occurredAt",
					Long.toString(created + 90_000), "callId", callId, "virtualNumber", x.digits(), "callerIndex", indexA,
					"callerRole", "A", "bindingId", id, "platformId", platform, "orderId", order, "details",
					"{\"event\":\"HANGUP\",\"occurredAt\":\"" + java.time.Instant.ofEpochMilli(created + 89_000)
							+ "\",\"caller\":\"" + a.masked() + "\",\"durationSeconds\":60,\"releaseCause\":\"16\","
							+ "\"releaseDirection\":\"CALLER\"}" });
			long released = created + 120_000;
			xadd(out, keys.events(x.shard()), concat(new String[] { "v", "1", "eventId", "released:" + id, "type",
					"BINDING_RELEASED", "occurredAt", Long.toString(released) }, binding,
					new String[] { "releasedAt", Long.toString(released), "reason", "DELETED" }));
		}
		out.flush();
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
