package io.numshield.routing.callback;

import com.sun.net.httpserver.HttpServer;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.redis.RedisKeys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A platform's callback endpoint for the tests: a real HTTP server on 127.0.0.1 that
 * keeps what it receives and answers 200, or the statuses queued in {@link #answers}
 * first, with a fresh {@code whsec_} secret of its own.
 */
final class CallbackReceiver implements AutoCloseable {

	/** One POST as received. */
	record Received(String webhookId, Map<String, List<String>> headers, String body) {
	}

	final List<Received> received = new CopyOnWriteArrayList<>();

	/** Statuses to answer, in order, before 200. */
	final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

	final String secret;

	private final HttpServer server;

	private CallbackReceiver() throws IOException {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.secret = "whsec_" + Base64.getEncoder().encodeToString(key);
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/callbacks", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
					Map.copyOf(exchange.getRequestHeaders()), body));
			Integer status = answers.poll();
			exchange.sendResponseHeaders(status == null ? 200 : status, -1);
			exchange.close();
		});
		this.server.start();
	}

	static CallbackReceiver start() throws IOException {
		return new CallbackReceiver();
	}

	int port() {
		return server.getAddress().getPort();
	}

	/**
	 * Makes this receiver the platform's callback target, as binding-service mirrors it
	 * ({@code <prefix>callbacks}: url and encrypted secret).
	 */
	void register(RedissonClient redisson, RedisKeys keys, PersonalDataProtector protector, String platformId) {
		redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE)
			.fastPut(platformId, "http://127.0.0.1:" + port() + "/callbacks|" + protector.encryptSecret(secret));
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
