/** Personal-data protection: AEAD ciphertext with rotating key ids (Tink) and a keyed blind index. */
package io.numshield.core.crypto;
