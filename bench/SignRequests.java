// Pre-signs requests for wrk (its Lua has no HMAC): one line per request, "<Authorization>\t<body>",
// each with a fresh timestamp and its own nonce, so none is a replay. Run with the client jar:
//   java -cp numshield-client/target/numshield-client-*-cli.jar bench/SignRequests.java \
//        KEY_ID:SECRET bind|route|event COUNT OUT_FILE [POOL | ROUTES_FILE]
// bind: AXB binds with random fixture-range parties (138/139 0 + 7 digits) in POOL;
// route: routing questions for the "caller virtualNumber" pairs in ROUTES_FILE;
// event: call events (ANSWERED, as a carrier reports a call) for the same pairs.
import io.numshield.client.Ns1Signature;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

public class SignRequests {

	public static void main(String[] args) throws Exception {
		String key = args[0];
		String keyId = key.substring(0, key.indexOf(':'));
		String secret = key.substring(key.indexOf(':') + 1);
		String kind = args[1];
		int count = Integer.parseInt(args[2]);
		Path out = Path.of(args[3]);
		List<String[]> routes = !kind.equals("bind")
				? Files.readAllLines(Path.of(args[4])).stream().map(l -> l.split(" ")).toList() : List.of();
		String granted = Instant.now().minusSeconds(60).toString();
		long now = Instant.now().getEpochSecond();
		String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
			for (int i = 0; i < count; i++) {
				String path;
				String body;
				if (kind.equals("bind")) {
					path = "/v1/bindings";
					body = String.format("{\"mode\":\"AXB\",\"orderId\":\"G%s-%d\",\"partyA\":\"1380%07d\",\"partyB\":\"1390%07d\","
							+ "\"ttlSeconds\":1800,\"poolId\":\"%s\",\"consent\":{\"reference\":\"bench\",\"grantedAt\":\"%s\"}}",
							run, i, random.nextInt(10_000_000), random.nextInt(10_000_000), args[4], granted);
				}
				else if (kind.equals("event")) {
					path = "/v1/call-events";
					String[] pair = routes.get(random.nextInt(routes.size()));
					body = String.format("{\"callId\":\"e%s-%d\",\"caller\":\"%s\",\"called\":\"%s\",\"event\":\"ANSWERED\","
							+ "\"occurredAt\":\"%s\"}", run, i, pair[0], pair[1], granted);
				}
				else {
					path = "/v1/call-routes";
					String[] pair = routes.get(random.nextInt(routes.size()));
					body = String.format("{\"callId\":\"g%s-%d\",\"caller\":\"%s\",\"called\":\"%s\",\"type\":\"VOICE\"}", run, i,
							pair[0], pair[1]);
				}
				String auth = Ns1Signature.authorization(keyId, secret, "POST", path, null,
						body.getBytes(StandardCharsets.UTF_8), now, Ns1Signature.nonce());
				w.write(auth);
				w.write('\t');
				w.write(body);
				w.write('\n');
			}
		}
	}
}
