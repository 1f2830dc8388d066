/** The Redisson client (explicit codecs) and the runner of the lease scripts. */
package io.numshield.support.redis;
