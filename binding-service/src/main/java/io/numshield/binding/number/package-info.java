/**
 * The lifecycle of one virtual number (ADR 0026): quarantine and its lift, carriers'
 * flags, a number's state and a block's numbers with theirs.
 */
@NullMarked
package io.numshield.binding.number;

import org.jspecify.annotations.NullMarked;
