/** What text a client may send: the one rule every service and the gateway apply where a string enters. */
package io.numshield.core.text;
