/**
 * The operator's pages: pools with their utilisation over time, free numbers per region,
 * platforms with suspend / resume / revoke, API keys.
 */
@NullMarked
package io.numshield.console.operator;

import org.jspecify.annotations.NullMarked;
