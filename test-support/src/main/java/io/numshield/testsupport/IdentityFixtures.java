package io.numshield.testsupport;

import io.numshield.core.identity.IdCardCheck;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixture identities for real-name reports: names no person has ({@code 测试甲…},
 * {@code Fixture Person …}) and identity card numbers of region {@code 990000}, which
 * does not exist, with a correct check character. Tests take names and document numbers
 * from here, never literals, so that scans for personal data know what to look for.
 */
public final class IdentityFixtures {

	private static final AtomicInteger NEXT = new AtomicInteger(1);

	private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

	private IdentityFixtures() {
	}

	/** A Chinese name of three characters, distinct per call within a JVM. */
	public static String chineseName() {
		int n = NEXT.getAndIncrement();
		String name = "测试" + (char) ('甲' + n % 2000);
		ISSUED.add(name);
		return name;
	}

	/** A Latin name of two words, distinct per call within a JVM. */
	public static String latinName() {
		String name = "Fixture Person" + letters(NEXT.getAndIncrement());
		ISSUED.add(name);
		return name;
	}

	/**
	 * An identity card number of region 990000 with its check character, distinct per
	 * call.
	 */
	public static String idCard() {
		String first17 = "9900001990" + String.format("%07d", NEXT.getAndIncrement() % 10_000_000);
		String number = first17 + IdCardCheck.of(first17);
		ISSUED.add(number);
		return number;
	}

	/** A passport number, {@code FX} and seven digits, distinct per call. */
	public static String passport() {
		String number = "FX" + String.format("%07d", NEXT.getAndIncrement() % 10_000_000);
		ISSUED.add(number);
		return number;
	}

	/**
	 * Every name and document number handed out in this JVM so far: what a scan must not
	 * find.
	 */
	public static Set<String> issued() {
		return Set.copyOf(ISSUED);
	}

	private static String letters(int n) {
		StringBuilder s = new StringBuilder();
		int rest = n;
		do {
			s.append((char) ('a' + rest % 26));
			rest /= 26;
		}
		while (rest > 0);
		return s.toString();
	}

}
