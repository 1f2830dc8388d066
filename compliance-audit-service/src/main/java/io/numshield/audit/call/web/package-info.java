/**
 * HTTP adapter of the call records and recording links.
 */
@NullMarked
package io.numshield.audit.call.web;

import org.jspecify.annotations.NullMarked;
