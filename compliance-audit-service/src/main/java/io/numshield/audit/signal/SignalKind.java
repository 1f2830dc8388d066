package io.numshield.audit.signal;

/**
 * The patterns the detector looks for (ADR 0029 defines each precisely;
 * docs/compliance.md maps each to the obligation it serves).
 */
public enum SignalKind {

	/**
	 * One real number a party (A or B) of bindings of many platforms leased within a
	 * window: fake orders to reach couriers, or contacts harvested.
	 */
	PARTY_MANY_PLATFORMS("PARTY"),

	/**
	 * One caller refused on many virtual numbers it is no party to (scanning), within a
	 * window.
	 */
	CALLER_SCANNING("CALLER"),

	/**
	 * A platform whose bindings' calls are refused or very short far more often than its
	 * peers' in the same window.
	 */
	PLATFORM_REFUSAL_RATE("PLATFORM"),

	/** A number released, leased again and called within minutes of the release. */
	NUMBER_RECYCLED_CALLED("VIRTUAL_NUMBER"),

	/** A party A (a courier's side) bound to many customers within a window. */
	A_MANY_CUSTOMERS("PARTY");

	private final String subjectType;

	SignalKind(String subjectType) {
		this.subjectType = subjectType;
	}

	/**
	 * What the subject is: {@code PARTY} or {@code CALLER} (a blind index),
	 * {@code PLATFORM} (its id), {@code VIRTUAL_NUMBER}.
	 */
	public String subjectType() {
		return subjectType;
	}

}
