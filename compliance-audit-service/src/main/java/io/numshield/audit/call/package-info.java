/**
 * Call records for platforms (their own calls, by binding and by time range, paged) and
 * regulators (exported), and the short-lived signed links to a call's recording.
 */
@NullMarked
package io.numshield.audit.call;

import org.jspecify.annotations.NullMarked;
