/**
 * Internal tokens: the gateway alone signs them (ES256), one per API key and service
 * audience for forwarded requests, and on request ({@code POST /v1/tokens}) for carriers
 * calling call-routing directly; the public keys are published at
 * {@code /.well-known/jwks.json}.
 */
@NullMarked
package io.numshield.gateway.token;

import org.jspecify.annotations.NullMarked;
