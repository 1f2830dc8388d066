/**
 * The edge: checks each request's NS1-HMAC-SHA256 signature against an API key, refuses
 * replays, stale and oversize requests and callers over their rate, then forwards to the
 * owning service with a cached internal token in place of whatever identity the client
 * sent.
 */
@NullMarked
package io.numshield.gateway;

import org.jspecify.annotations.NullMarked;
