/** RFC 9457 problem responses with the contract's stable codes. */
@NullMarked
package io.numshield.support.web;

import org.jspecify.annotations.NullMarked;
