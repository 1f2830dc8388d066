/**
 * Where platform callbacks may go: the address rule that registration and delivery both
 * apply.
 */
@NullMarked
package io.numshield.core.callback;

import org.jspecify.annotations.NullMarked;
