/** HTTP adapter of routing (CARRIER). */
package io.numshield.routing.route.web;
