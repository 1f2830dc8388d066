/**
 * What text a client may send: the one rule every service and the gateway apply where a
 * string enters.
 */
@NullMarked
package io.numshield.core.text;

import org.jspecify.annotations.NullMarked;
