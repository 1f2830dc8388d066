/** Loads the personal-data keys from configuration and offers the protector. */
@NullMarked
package io.numshield.support.protection;

import org.jspecify.annotations.NullMarked;
