/** Delivery of call events to platforms: signed, at least once, retried with backoff, kept in Redis. */
package io.numshield.routing.callback;
