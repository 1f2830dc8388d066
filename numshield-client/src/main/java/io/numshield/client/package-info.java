/** Java client for platforms: request signing (NS1-HMAC-SHA256) and typed calls through the gateway. */
package io.numshield.client;
