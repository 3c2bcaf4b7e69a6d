/** Logback converters that keep secrets out of every log line, whatever the level. */
package com.creditledger.jobs.system.logging;
