package io.numshield.core.redis;

import io.lettuce.core.RedisException;

/**
 * A script ran, but fewer replicas than the durability setting asks for acknowledged it
 * within its timeout ({@link ScriptConnection#evalReplicatedAsync}): the change is on the
 * master and may be lost with it, so it is not acknowledged to the caller. A Redis
 * failure like any other to its callers (the request fails; a retry with the same id
 * finds the change if the master kept it).
 */
public final class NotReplicatedException extends RedisException {

	private static final long serialVersionUID = 1L;

	public NotReplicatedException(int asked, long acknowledged) {
		super("the script's writes reached " + acknowledged + " of the " + asked + " replicas asked for");
	}

}
