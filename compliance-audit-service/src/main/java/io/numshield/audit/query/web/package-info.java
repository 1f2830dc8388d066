/** HTTP adapter of the regulators' questions ({@code /v1/audit/**}). */
@NullMarked
package io.numshield.audit.query.web;

import org.jspecify.annotations.NullMarked;
