/**
 * Named failures: the contract's problem codes and the refusal the domain throws, without
 * HTTP types.
 */
@NullMarked
package io.numshield.core.problem;

import org.jspecify.annotations.NullMarked;
