/** binding-service: pools, platforms, the blocklist and the lease lifecycle of virtual numbers. */
package io.numshield.binding;
