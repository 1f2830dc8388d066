/**
 * The request's trace id (W3C Trace Context) where the framework's tracing does not
 * reach: read, checked or made by hand on the hot paths, and looked up for problem
 * documents.
 */
@NullMarked
package io.numshield.support.trace;

import org.jspecify.annotations.NullMarked;
