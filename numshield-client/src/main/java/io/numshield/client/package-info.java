/**
 * Java client for platforms and carriers: request signing (NS1-HMAC-SHA256), typed calls
 * to every PLATFORM and CARRIER operation through the gateway with retries of what is
 * safe to retry ({@link io.numshield.client.RetryPolicy}), and the verifier of
 * NumShield's callbacks (Standard Webhooks). Usage: docs/client.md.
 */
@NullMarked
package io.numshield.client;

import org.jspecify.annotations.NullMarked;
