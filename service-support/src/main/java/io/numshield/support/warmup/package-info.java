/**
 * The warm-up before a service reports ready (ADR 0010): its own requests over loopback
 * through the whole filter chain, while a gate holds the readiness probe back.
 */
@NullMarked
package io.numshield.support.warmup;

import org.jspecify.annotations.NullMarked;
