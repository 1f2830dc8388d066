/**
 * HTTP adapter of the blocklist (REGULATOR, OPERATOR). Numbers only in bodies, never in
 * URLs.
 */
@NullMarked
package io.numshield.binding.blocklist.web;

import org.jspecify.annotations.NullMarked;
