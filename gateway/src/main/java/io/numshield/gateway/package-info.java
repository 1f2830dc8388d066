/** The edge: signed requests, API keys, rate limits (filled by the gateway issue). */
package io.numshield.gateway;
