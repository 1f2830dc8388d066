/** call-routing-service: answers carriers at call setup where a call to a virtual number goes. */
package io.numshield.routing;
