/**
 * Number types: virtual (700 and legacy) numbers, their management blocks and shards, and
 * real numbers.
 */
@NullMarked
package io.numshield.core.number;

import org.jspecify.annotations.NullMarked;
