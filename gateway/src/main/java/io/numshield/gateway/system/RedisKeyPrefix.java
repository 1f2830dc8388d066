package io.numshield.gateway.system;

/** The gateway's Redis keys: {@code <prefix>gw:<what>:<key id>...}. */
public record RedisKeyPrefix(String prefix) {

	public String nonce(String keyId, String nonce) {
		return prefix + "gw:nonce:{" + keyId + "}:" + nonce;
	}

	public String rate(String keyId) {
		return prefix + "gw:rate:{" + keyId + "}";
	}
}
