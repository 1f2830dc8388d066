/** HTTP adapter of bindings (PLATFORM): a platform sees only its own bindings. */
@NullMarked
package io.numshield.binding.lease.web;

import org.jspecify.annotations.NullMarked;
