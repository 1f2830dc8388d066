/** HTTP adapter of pools (OPERATOR). */
package io.numshield.binding.pool.web;
