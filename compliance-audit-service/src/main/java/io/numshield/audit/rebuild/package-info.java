/**
 * Recovery: the live leases put back into Redis from the ledger's holdings after Redis
 * lost its data.
 */
@NullMarked
package io.numshield.audit.rebuild;

import org.jspecify.annotations.NullMarked;
