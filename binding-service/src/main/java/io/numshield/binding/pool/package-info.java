/** Number pools: SEGMENT_700 pools of management blocks, LEGACY pools of explicit numbers. */
package io.numshield.binding.pool;
