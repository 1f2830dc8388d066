/** RFC 9457 problem responses with the contract's stable codes. */
package io.numshield.support.web;
