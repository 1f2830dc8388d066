/**
 * Delivery of call events to platforms: signed, at least once, retried with backoff, kept
 * in Redis.
 */
@NullMarked
package io.numshield.routing.callback;

import org.jspecify.annotations.NullMarked;
