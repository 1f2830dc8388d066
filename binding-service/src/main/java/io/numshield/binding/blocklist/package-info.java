/** The blocklist of real numbers: by blind index only, mirrored into every shard. */
package io.numshield.binding.blocklist;
