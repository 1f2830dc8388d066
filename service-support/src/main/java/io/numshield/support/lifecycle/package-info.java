/** Background work that every service runs the same way. */
@NullMarked
package io.numshield.support.lifecycle;

import org.jspecify.annotations.NullMarked;
