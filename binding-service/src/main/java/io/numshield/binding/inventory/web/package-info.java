/** HTTP adapter of the inventory (PLATFORM). */
@NullMarked
package io.numshield.binding.inventory.web;

import org.jspecify.annotations.NullMarked;
