/** HTTP adapter of platforms (OPERATOR). */
package io.numshield.binding.platform.web;
