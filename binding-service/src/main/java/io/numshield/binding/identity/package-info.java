/**
 * Real-name reports: who holds a party A number on a platform's side, stored as
 * ciphertext and blind indexes only, and the lease rule of pools that require one.
 */
@NullMarked
package io.numshield.binding.identity;

import org.jspecify.annotations.NullMarked;
