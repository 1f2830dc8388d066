package io.numshield.binding.pool;

import java.util.Set;

/**
 * GB/T 2260 administrative division codes as pools and binds use them (ADR 0023): a
 * province {@code PP0000}, a prefecture-level city {@code PPCC00} ({@code CC} not
 * {@code 00}) whose province is {@code PP0000}. {@code PP} is one of the 34 provincial
 * divisions' codes.
 */
public final class RegionCodes {

	/** The provincial divisions' first two digits (GB/T 2260). */
	private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
			"33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
			"63", "64", "65", "71", "81", "82");

	/** What a city code looks like, for Bean Validation; {@link #isCity} checks more. */
	public static final String CITY_PATTERN = "[1-9][0-9]{3}00";

	/** What a province code looks like, for Bean Validation. */
	public static final String PROVINCE_PATTERN = "[1-9][0-9]0000";

	private RegionCodes() {
	}

	public static boolean isCity(String code) {
		return code.matches(CITY_PATTERN) && PROVINCES.contains(code.substring(0, 2))
				&& !"00".equals(code.substring(2, 4));
	}

	public static boolean isProvince(String code) {
		return code.matches(PROVINCE_PATTERN) && PROVINCES.contains(code.substring(0, 2));
	}

	/** The province of a city code: its first two digits and {@code 0000}. */
	public static String provinceOf(String city) {
		return city.substring(0, 2) + "0000";
	}

}
