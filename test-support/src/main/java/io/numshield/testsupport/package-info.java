/** Where tests get real PostgreSQL and Redis from, isolated per run; and the check that keeps docs/api/openapi.yaml in step with the controllers. */
package io.numshield.testsupport;
