/**
 * The identifiers the contract names, one type and one rule each ({@code docs/api/}, ADR
 * 0015): parsed where a string enters ({@code of}, which throws), or checked without
 * allocating on a hot path ({@code isValid}). Each type's {@code PATTERN} is the
 * contract's own regular expression, for the Jakarta {@code @Pattern} of request records;
 * the check itself is by hand ({@link IdRule}).
 */
@NullMarked
package io.numshield.core.id;

import org.jspecify.annotations.NullMarked;
