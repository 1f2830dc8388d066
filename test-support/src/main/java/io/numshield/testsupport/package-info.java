/** Where tests get real PostgreSQL and Redis from, isolated per run. */
package io.numshield.testsupport;
