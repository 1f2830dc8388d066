/** HTTP adapter of routing (CARRIER). */
@NullMarked
package io.numshield.routing.route.web;

import org.jspecify.annotations.NullMarked;
