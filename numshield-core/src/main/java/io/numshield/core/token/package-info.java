/**
 * The internal token: an ES256 JWT that only the gateway can sign (it alone holds the
 * private key) and that each service verifies with the public keys, for an audience of
 * its own.
 */
@NullMarked
package io.numshield.core.token;

import org.jspecify.annotations.NullMarked;
