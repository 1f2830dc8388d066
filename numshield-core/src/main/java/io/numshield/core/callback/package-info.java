/** Where platform callbacks may go: the address rule that registration and delivery both apply. */
package io.numshield.core.callback;
