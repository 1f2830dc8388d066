/** Regulators' questions: who held a number when, where a person took part, exports, chain verification. */
package io.numshield.audit.query;
