/** Loads the personal-data keys from configuration and offers the protector. */
package io.numshield.support.protection;
