package io.numshield.gateway.system;

/**
 * The gateway's Redis keys: {@code <prefix>gw:<what>:{<key id>}...}. Every key of one API
 * key shares the hash tag {@code {<key id>}}, so the edge's script touches one Redis
 * Cluster slot.
 */
public record RedisKeyPrefix(String prefix) {

	/** The nonces of one key whose signed Timestamp falls in {@code bucket} (a set). */
	public String nonces(String keyId, long bucket) {
		return prefix + "gw:nonces:{" + keyId + "}:" + bucket;
	}

	/**
	 * One key's GCRA state (a string: the theoretical arrival time). Not
	 * {@code gw:rate:}, where Redisson's rate limiter kept a hash: an instance of the new
	 * edge beside an old one, or an old limiter not yet expired, must not meet a key of
	 * the wrong type.
	 */
	public String rate(String keyId) {
		return prefix + "gw:gcra:{" + keyId + "}";
	}
}
