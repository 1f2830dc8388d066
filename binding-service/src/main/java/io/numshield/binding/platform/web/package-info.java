/** HTTP adapter of platforms (OPERATOR). */
@NullMarked
package io.numshield.binding.platform.web;

import org.jspecify.annotations.NullMarked;
