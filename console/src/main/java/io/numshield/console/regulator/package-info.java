/**
 * The regulator's pages: trace a virtual number at an instant, party search, the events
 * of a time range with export, ledger verification and the latest checkpoint. Each
 * look-up sends the reason the API records in its ACCESS entry.
 */
@NullMarked
package io.numshield.console.regulator;

import org.jspecify.annotations.NullMarked;
