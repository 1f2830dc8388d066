/**
 * Regulators' questions: who held a number when, where a person took part, exports, chain
 * verification.
 */
@NullMarked
package io.numshield.audit.query;

import org.jspecify.annotations.NullMarked;
