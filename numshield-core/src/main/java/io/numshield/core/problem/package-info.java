/** Named failures: the contract's problem codes and the refusal the domain throws, without HTTP types. */
package io.numshield.core.problem;
