/** Call routing for carriers: where a call to a 700 number goes (filled by the call-routing issue). */
package io.numshield.routing;
