/**
 * What every hot request path shares (ADR 0007): servlet filters before Spring Security
 * and MVC that answer the plain request by hand, exactly as the framework would. Plain
 * classes, no configuration of their own: each service's configuration builds its filter
 * from them.
 */
@NullMarked
package io.numshield.support.web.hot;

import org.jspecify.annotations.NullMarked;
