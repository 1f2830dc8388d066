/** Services trust the gateway's internal token and nothing else. */
@NullMarked
package io.numshield.support.security;

import org.jspecify.annotations.NullMarked;
