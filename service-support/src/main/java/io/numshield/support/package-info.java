/** Cross-cutting parts that every NumShield Spring service uses alike. */
@NullMarked
package io.numshield.support;

import org.jspecify.annotations.NullMarked;
