/**
 * Where regulators' reads (trace, party search, export) are served from: a streaming replica when
 * one is configured and close enough behind the primary, else the primary. Writes never go there.
 */
package io.numshield.audit.replica;
