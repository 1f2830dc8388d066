/** The regulators' list of raised signals ({@code GET /v1/audit/signals}). */
@NullMarked
package io.numshield.audit.signal.web;

import org.jspecify.annotations.NullMarked;
