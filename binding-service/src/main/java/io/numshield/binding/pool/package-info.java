/**
 * Number pools: SEGMENT_700 pools of management blocks, LEGACY pools of explicit numbers.
 */
@NullMarked
package io.numshield.binding.pool;

import org.jspecify.annotations.NullMarked;
