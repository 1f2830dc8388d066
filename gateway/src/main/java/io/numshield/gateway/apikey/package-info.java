/** API keys: issued, listed and revoked by operators; secrets stored only encrypted; a short-lived cache for the edge. */
package io.numshield.gateway.apikey;
