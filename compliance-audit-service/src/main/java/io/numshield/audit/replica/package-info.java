/**
 * Where regulators' reads (trace, party search, export) are served from: a streaming
 * replica when one is configured and close enough behind the primary, else the primary.
 * Writes never go there.
 */
@NullMarked
package io.numshield.audit.replica;

import org.jspecify.annotations.NullMarked;
