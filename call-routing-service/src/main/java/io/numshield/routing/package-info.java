/**
 * call-routing-service: answers carriers at call setup where a call to a virtual number
 * goes.
 */
@NullMarked
package io.numshield.routing;

import org.jspecify.annotations.NullMarked;
