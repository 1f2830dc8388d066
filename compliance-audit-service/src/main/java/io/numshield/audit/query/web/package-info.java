/** HTTP adapter of the regulators' questions ({@code /v1/audit/**}). */
package io.numshield.audit.query.web;
