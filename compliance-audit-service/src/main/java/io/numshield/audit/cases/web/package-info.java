/** HTTP adapter of the case files ({@code /v1/audit/cases}, REGULATOR). */
@NullMarked
package io.numshield.audit.cases.web;

import org.jspecify.annotations.NullMarked;
