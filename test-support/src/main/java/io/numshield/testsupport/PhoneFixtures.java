package io.numshield.testsupport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixture phone numbers for tests: valid for libphonenumber (mainland mobile series
 * 136-139, Shanghai fixed lines) and drawn from the {@code xxx0000nnnn} corner of each
 * series, where we never take a number from a real person. Tests take numbers from here,
 * never literals, so that scans for personal data know exactly what to look for.
 */
public final class PhoneFixtures {

	private static final String[] SERIES = { "138", "139", "137", "136" };

	private static final AtomicInteger NEXT = new AtomicInteger(1);

	private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

	private PhoneFixtures() {
	}

	/**
	 * A mobile number in national form, {@code 138000nnnnn}, distinct per call within a
	 * JVM.
	 */
	public static String mobile() {
		return mobile(NEXT.getAndIncrement());
	}

	/** The n-th fixture mobile (n in 0..399_999), spread over four series. */
	public static String mobile(int n) {
		if (n < 0 || n >= 400_000) {
			throw new IllegalArgumentException("fixture index out of range");
		}
		String number = SERIES[n / 100_000] + "000" + String.format("%05d", n % 100_000);
		ISSUED.add(number);
		return number;
	}

	/** A Shanghai fixed line with its area code, {@code 0216000nnnn}. */
	public static String fixedLine(int n) {
		String number = "0216000" + String.format("%04d", n % 10_000);
		ISSUED.add(number);
		return number;
	}

	/**
	 * Every fixture number handed out in this JVM so far (national form): what a scan
	 * must not find.
	 */
	public static Set<String> issued() {
		return Set.copyOf(ISSUED);
	}

	/** The E.164 form of a fixture number in national form. */
	public static String e164(String national) {
		return "+86" + (national.startsWith("0") ? national.substring(1) : national);
	}

	/**
	 * Every written form a leak of this number could take: national, E.164, and E.164
	 * without the plus.
	 */
	public static List<String> forms(String national) {
		String e164 = e164(national);
		return List.of(national, e164, e164.substring(1));
	}

}
