/**
 * binding-service: pools, platforms, the blocklist and the lease lifecycle of virtual
 * numbers.
 */
@NullMarked
package io.numshield.binding;

import org.jspecify.annotations.NullMarked;
