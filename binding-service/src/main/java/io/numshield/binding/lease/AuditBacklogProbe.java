package io.numshield.binding.lease;

import io.numshield.core.number.VirtualShard;

/** Port: how many events of a shard's stream the audit trail has not acknowledged yet. */
public interface AuditBacklogProbe {

	long backlog(VirtualShard shard, String group);

}
