/**
 * Where tests get real PostgreSQL and Redis from, isolated per run; and the check that
 * keeps docs/api/openapi.yaml in step with the controllers.
 */
@NullMarked
package io.numshield.testsupport;

import org.jspecify.annotations.NullMarked;
