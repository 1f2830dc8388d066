/**
 * Personal-data protection: AEAD ciphertext with rotating key ids (Tink) and a keyed
 * blind index.
 */
@NullMarked
package io.numshield.core.crypto;

import org.jspecify.annotations.NullMarked;
