/** The Redisson client (explicit codecs) and the runner of the lease scripts. */
@NullMarked
package io.numshield.support.redis;

import org.jspecify.annotations.NullMarked;
