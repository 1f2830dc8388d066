package io.numshield.core.token;

/** The four roles of the contract. */
public enum Role {

	PLATFORM, CARRIER, REGULATOR, OPERATOR

}
