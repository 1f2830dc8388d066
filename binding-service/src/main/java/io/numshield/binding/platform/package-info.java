/** Platforms (business users): their pools, quota, callback, and status (ACTIVE, SUSPENDED, REVOKED). */
package io.numshield.binding.platform;
