package com.creditledger.jobs.system.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.creditledger.jobs.topup.Secrets;

/** Stack traces with API keys and bearer tokens removed from their messages (see {@code logback.xml}). */
public class RedactingThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.redact(super.convert(event));
    }
}
