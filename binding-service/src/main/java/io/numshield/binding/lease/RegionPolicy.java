package io.numshield.binding.lease;

/**
 * How far a bind with a {@code region} (a GB/T 2260 city code) may look for a number (ADR
 * 0023): the levels are tried in this order, the platform's pool preference order kept
 * within each.
 */
public enum RegionPolicy {

	/** Only pools of that city. */
	STRICT,

	/** That city's pools, then the other pools of its province. */
	PROVINCE,

	/** That city's, then its province's, then every other pool of the platform. */
	ANY;

	/** The policy of a bind that names a region and no policy. */
	public static final RegionPolicy DEFAULT = PROVINCE;

	/**
	 * How close a pool came to the asked-for region, as the answer's {@code regionMatch}.
	 */
	public enum Match {

		CITY, PROVINCE, ANY

	}

	/** Whether a pool matched at {@code match} may be leased from under this policy. */
	boolean allows(Match match) {
		return match.ordinal() <= ordinal();
	}

}
