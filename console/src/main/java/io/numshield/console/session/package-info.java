/**
 * Sign-in with an API key, the session that keeps it (server-side only), the role rules,
 * CSRF and the Content-Security-Policy, and the signed calls to the gateway.
 */
@NullMarked
package io.numshield.console.session;

import org.jspecify.annotations.NullMarked;
