/** The internal token that the gateway mints and services trust (HS256 JWT). */
package io.numshield.core.token;
