/** HTTP adapter of the number lifecycle (OPERATOR; flags: CARRIER). */
@NullMarked
package io.numshield.binding.number.web;

import org.jspecify.annotations.NullMarked;
