/** The route table: every path of the contract, the service that owns it, and the proxy routes built from it. */
package io.numshield.gateway.routing;
