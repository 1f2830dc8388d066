/**
 * The API's description for integrators, unsigned: {@code GET /openapi.yaml} (the
 * normative docs/api/openapi.yaml, packaged into the gateway at build time) and
 * {@code GET /docs}, a browsable page (Swagger UI, served from the gateway itself, no
 * third-party host).
 */
@NullMarked
package io.numshield.gateway.apidoc;

import org.jspecify.annotations.NullMarked;
