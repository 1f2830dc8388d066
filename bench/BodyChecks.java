import io.numshield.binding.lease.BindingRequest;
import io.numshield.routing.event.CallEventRequest;
import io.numshield.routing.route.RouteRequest;
import io.numshield.support.web.hot.Violations;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BiConsumer;

import org.hibernate.validator.HibernateValidator;

import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hot bodies' checks: CPU ns per body to read (Jackson) and check it, by Bean
 * Validation (as the hot paths did before) and by the records' rules in code (as they do
 * now), on one thread, alternating, after a warm-up. bench/body-checks.sh runs it.
 * Prints "RESULT body=.. read_ns=.. bean_validation_ns=.. code_ns=.." per round. The parties
 * are fixture numbers (PhoneFixtures' xxx000nnnnn corner), never a person's.
 */
public class BodyChecks {

	static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

	static volatile Object sink;

	public static void main(String[] args) {
		long millis = Long.parseLong(args.length > 0 ? args[0] : "2000");
		int rounds = Integer.parseInt(args.length > 1 ? args[1] : "5");
		Validator validator = Validation.byProvider(HibernateValidator.class)
			.configure()
			.defaultLocale(Locale.ENGLISH)
			.buildValidatorFactory()
			.getValidator();
		JsonMapper json = JsonMapper.builder().build();
		Body<?>[] bodies = {
				new Body<>("bind", json.readerFor(BindingRequest.class), BindingRequest::check,
						"{\"mode\":\"AXB\",\"orderId\":\"B1-42\",\"partyA\":\"13800000001\",\"partyB\":\"13900000002\","
								+ "\"ttlSeconds\":1800,\"poolId\":\"pool-1\",\"consent\":{\"reference\":\"bench\","
								+ "\"grantedAt\":\"2026-12-02T10:00:00Z\"}}"),
				new Body<>("route", json.readerFor(RouteRequest.class), RouteRequest::check,
						"{\"callId\":\"call-42\",\"caller\":\"13800000001\",\"called\":\"700123456789012\","
								+ "\"type\":\"VOICE\"}"),
				new Body<>("call-event", json.readerFor(CallEventRequest.class), CallEventRequest::check,
						"{\"callId\":\"call-42\",\"caller\":\"13800000001\",\"called\":\"700123456789012\","
								+ "\"event\":\"HANGUP\",\"occurredAt\":\"2026-12-02T10:00:00Z\",\"durationSeconds\":60,"
								+ "\"releaseCause\":16,\"releaseDirection\":\"CALLER\"}") };
		for (Body<?> body : bodies) {
			for (int mode = 0; mode < 3; mode++) {
				body.run(mode, validator, 1500);
			}
		}
		for (int round = 1; round <= rounds; round++) {
			for (Body<?> body : bodies) {
				double read = body.run(0, validator, millis);
				double bean = body.run(1, validator, millis);
				double code = body.run(2, validator, millis);
				System.out.printf("RESULT round=%d body=%s read_ns=%.0f bean_validation_ns=%.0f code_ns=%.0f%n", round,
						body.name, read, bean, code);
			}
		}
	}

	record Body<T>(String name, ObjectReader reader, BiConsumer<T, Violations> rules, String text) {

		/** CPU ns per body: 0 read only, 1 read and Bean Validation, 2 read and the code. */
		double run(int mode, Validator validator, long millis) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			long n = 0;
			long cpu0 = CPU.getCurrentThreadCpuTime();
			long end = System.nanoTime() + millis * 1_000_000;
			while ((n & 255) != 0 || System.nanoTime() < end) {
				T value = reader.readValue(bytes);
				if (mode == 1) {
					sink = validator.validate(value);
				}
				else if (mode == 2) {
					Violations v = new Violations();
					rules.accept(value, v);
					sink = v;
				}
				else {
					sink = value;
				}
				n++;
			}
			return (CPU.getCurrentThreadCpuTime() - cpu0) / (double) n;
		}

	}

}
