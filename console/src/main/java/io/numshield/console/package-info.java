/**
 * The web console: server-rendered pages for OPERATOR and REGULATOR keys, each page a
 * signed call (or a few) to the gateway's public API with the signed-in key.
 */
@NullMarked
package io.numshield.console;

import org.jspecify.annotations.NullMarked;
