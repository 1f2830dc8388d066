package io.numshield.core.token;

/**
 * Whom an internal token is for. Each service accepts only tokens minted for its own
 * audience, so a token that reached one service (in a log, a proxy, a carrier's SIP
 * server) opens no other.
 */
public enum Audience {

	BINDING("numshield-binding"), ROUTING("numshield-routing"), AUDIT("numshield-audit");

	private final String value;

	Audience(String value) {
		this.value = value;
	}

	/** The {@code aud} claim. */
	public String value() {
		return value;
	}

}
