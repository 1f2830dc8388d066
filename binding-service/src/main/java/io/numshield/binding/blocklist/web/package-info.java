/** HTTP adapter of the blocklist (REGULATOR, OPERATOR). Numbers only in bodies, never in URLs. */
package io.numshield.binding.blocklist.web;
