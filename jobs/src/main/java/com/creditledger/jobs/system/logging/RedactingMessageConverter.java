package com.creditledger.jobs.system.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.creditledger.jobs.topup.Secrets;

/** {@code %msg} with API keys and bearer tokens removed (see {@code logback.xml}). */
public class RedactingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.redact(super.convert(event));
    }
}
