package io.numshield.console.session;

/** The roles the console serves; the gateway's other roles cannot sign in. */
public enum ConsoleRole {

	OPERATOR, REGULATOR;

	/** The Spring Security authority the role rules check. */
	String authority() {
		return "ROLE_" + name();
	}

}
