/**
 * Real-name identities of the people who hold a party A number on a platform's side:
 * their document types, the rules of their fields and their masked forms.
 */
@NullMarked
package io.numshield.core.identity;

import org.jspecify.annotations.NullMarked;
