/**
 * The route table: every path of the contract, the service that owns it, and the proxy
 * routes built from it.
 */
@NullMarked
package io.numshield.gateway.routing;

import org.jspecify.annotations.NullMarked;
