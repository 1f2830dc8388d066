package io.numshield.client;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;

/**
 * The command line: {@code java -jar numshield-client-cli.jar COMMAND ...}. The gateway
 * is {@code NUMSHIELD_URL} (default http://127.0.0.1:8080), the key
 * {@code NUMSHIELD_KEY=<keyId>:<secret>}. <pre>
 * bind-axb ORDER_ID PARTY_A PARTY_B [TTL_SECONDS]   bind A and B to a virtual number
 * bind-axn ORDER_ID PARTY_A [TTL_SECONDS]           a virtual number that reaches A
 * get BINDING_ID | release BINDING_ID | order ORDER_ID
 * call METHOD PATH[?QUERY] [JSON]                   any signed call; prints the status and the body
 * </pre>
 */
public final class Cli {

	private Cli() {
	}

	public static void main(String[] args) {
		String key = System.getenv("NUMSHIELD_KEY");
		String url = System.getenv().getOrDefault("NUMSHIELD_URL", "http://127.0.0.1:8080");
		if (key == null || args.length == 0) {
			System.err.println(
					"""
							usage: NUMSHIELD_KEY=<keyId>:<secret> [NUMSHIELD_URL=http://127.0.0.1:8080] numshield COMMAND ...
							  bind-axb ORDER_ID PARTY_A PARTY_B [TTL_SECONDS]
							  bind-axn ORDER_ID PARTY_A [TTL_SECONDS]
							  get BINDING_ID | release BINDING_ID | order ORDER_ID
							  token                (CARRIER key: a short-lived token for call-routing's direct path, printed alone)
							  call METHOD PATH[?QUERY] [JSON]""");
			System.exit(2);
		}
		NumShieldClient client = NumShieldClient.create(URI.create(url), key);
		try {
			System.exit(run(client, args));
		}
		catch (NumShieldException ex) {
			System.out.println(ex.body());
			System.err.println(ex.getMessage());
			System.exit(1);
		}
	}

	static int run(NumShieldClient client, String[] args) {
		String command = args[0];
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		BindRequest.Consent consent = new BindRequest.Consent("cli-" + Instant.now().toEpochMilli(), Instant.now());
		switch (command) {
			case "bind-axb" -> print(client.send("POST", "/v1/bindings", null, BindRequest.axb(rest[0], rest[1],
					rest[2], rest.length > 3 ? Long.parseLong(rest[3]) : 1800, consent)));
			case "bind-axn" -> print(client.send("POST", "/v1/bindings", null,
					BindRequest.axn(rest[0], rest[1], rest.length > 2 ? Long.parseLong(rest[2]) : 1800, consent)));
			case "get" -> print(client.send("GET", "/v1/bindings/" + rest[0], null, null));
			case "release" -> {
				client.release(rest[0]);
				System.out.println("released " + rest[0]);
			}
			case "order" -> print(
					client.send("GET", "/v1/bindings", Ns1Signature.query(java.util.Map.of("orderId", rest[0])), null));
			case "token" -> System.out.println(client.token().token());
			case "call" -> {
				String target = rest[1];
				int q = target.indexOf('?');
				NumShieldClient.Answer answer = client.exchange(rest[0].toUpperCase(),
						q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
						rest.length > 2 ? rest[2] : null);
				System.out.println(answer.status() + " " + answer.body());
				return answer.status() < 400 ? 0 : 1;
			}
			default -> {
				System.err.println("unknown command " + command);
				return 2;
			}
		}
		return 0;
	}

	private static void print(NumShieldClient.Answer answer) {
		System.out.println(answer.body());
	}

}
