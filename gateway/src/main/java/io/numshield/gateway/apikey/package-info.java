/**
 * API keys: issued, approved (OPERATOR and REGULATOR keys, by a second operator), listed
 * and revoked by operators, each change recorded in the audit ledger; secrets stored only
 * encrypted; a short-lived cache for the edge.
 */
@NullMarked
package io.numshield.gateway.apikey;

import org.jspecify.annotations.NullMarked;
