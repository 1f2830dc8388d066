/** {@code /v1/groups}: a platform's AXG groups over HTTP. */
@NullMarked
package io.numshield.binding.group.web;

import org.jspecify.annotations.NullMarked;
