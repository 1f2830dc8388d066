/**
 * Java client for platforms: request signing (NS1-HMAC-SHA256), typed calls through the
 * gateway, and the verifier of NumShield's callbacks (Standard Webhooks).
 */
@NullMarked
package io.numshield.client;

import org.jspecify.annotations.NullMarked;
