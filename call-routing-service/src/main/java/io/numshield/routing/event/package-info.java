/**
 * Call events from carriers: recorded in the audit stream and queued for the owning
 * platform in one step.
 */
@NullMarked
package io.numshield.routing.event;

import org.jspecify.annotations.NullMarked;
