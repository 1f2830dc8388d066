/**
 * What a carrier may ask about: only numbers of the pools its key serves (OUT_OF_SCOPE
 * before any binding is read), and only so many connected and missed answers per second
 * (RATE_LIMITED).
 */
@NullMarked
package io.numshield.routing.scope;

import org.jspecify.annotations.NullMarked;
