/** Call events from carriers: recorded in the audit stream and queued for the owning platform in one step. */
package io.numshield.routing.event;
