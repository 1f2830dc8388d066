/** HTTP adapter of call events (CARRIER). */
package io.numshield.routing.event.web;
