/** HTTP adapter of the callback dead letters (OPERATOR). */
@NullMarked
package io.numshield.routing.callback.web;

import org.jspecify.annotations.NullMarked;
