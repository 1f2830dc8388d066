/** The blocklist of real numbers: by blind index only, mirrored into every shard. */
@NullMarked
package io.numshield.binding.blocklist;

import org.jspecify.annotations.NullMarked;
