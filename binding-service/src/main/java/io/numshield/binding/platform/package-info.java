/**
 * Platforms (business users): their pools, quota, callback, and status (ACTIVE,
 * SUSPENDED, REVOKED).
 */
@NullMarked
package io.numshield.binding.platform;

import org.jspecify.annotations.NullMarked;
