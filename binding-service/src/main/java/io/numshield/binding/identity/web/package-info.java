/**
 * HTTP adapter of real-name reports (PLATFORM). Personal data only in bodies, never in
 * URLs but the phone of a look-up.
 */
@NullMarked
package io.numshield.binding.identity.web;

import org.jspecify.annotations.NullMarked;
