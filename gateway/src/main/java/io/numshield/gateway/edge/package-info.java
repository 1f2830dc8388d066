/**
 * The edge filter: signature, clock window, nonce replay, per-key rate, body size,
 * identity swap.
 */
@NullMarked
package io.numshield.gateway.edge;

import org.jspecify.annotations.NullMarked;
