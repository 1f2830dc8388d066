/** HTTP adapter of call events (CARRIER). */
@NullMarked
package io.numshield.routing.event.web;

import org.jspecify.annotations.NullMarked;
