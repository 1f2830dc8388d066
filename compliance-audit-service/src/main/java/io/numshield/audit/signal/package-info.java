/**
 * Fraud signals (ADR 0029): five kinds of pattern detected on a schedule from the
 * ledger's new rows and the call records, each hit recorded once as a
 * {@code SIGNAL_RAISED} entry, listed for regulators and pushed to their webhook.
 */
@NullMarked
package io.numshield.audit.signal;

import org.jspecify.annotations.NullMarked;
