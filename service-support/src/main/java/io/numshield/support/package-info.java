/** Cross-cutting parts that every NumShield Spring service uses alike. */
package io.numshield.support;
