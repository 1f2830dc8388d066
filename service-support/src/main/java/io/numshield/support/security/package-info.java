/** Services trust the gateway's internal token and nothing else. */
package io.numshield.support.security;
