/** Number types: virtual (700 and legacy) numbers, their management blocks and shards, and real numbers. */
package io.numshield.core.number;
