/**
 * The processes' one logging set-up (logback.xml in this module's jar) and the filter that drops
 * known benign start-up warnings by their message.
 */
package io.ebmperception.runtime.logging;
