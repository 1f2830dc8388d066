/** HTTP adapter of bindings (PLATFORM): a platform sees only its own bindings. */
package io.numshield.binding.lease.web;
