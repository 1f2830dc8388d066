/** The edge filter: signature, clock window, nonce replay, per-key rate, body size, identity swap. */
package io.numshield.gateway.edge;
