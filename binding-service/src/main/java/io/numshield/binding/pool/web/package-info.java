/** HTTP adapter of pools (OPERATOR). */
@NullMarked
package io.numshield.binding.pool.web;

import org.jspecify.annotations.NullMarked;
