/** Background work that every service runs the same way. */
package io.numshield.support.lifecycle;
