package com.creditledger.rating;

import java.util.Optional;

/** The kind of an AI request (SPEC §3 request logs, field {@code kind}). */
public enum RequestKind {
    AGENT_RUN("agent_run"),
    AUTOMATION_RUN("automation_run"),
    GENESIS_BUILD("genesis_build"),
    CHAT("chat"),
    APP_CLONE("app_clone");

    private final String code;

    RequestKind(String code) {
        this.code = code;
    }

    /** The code as it appears in the logs, e.g. {@code agent_run}. */
    public String code() {
        return code;
    }

    /** The kind for a log code, matched exactly (codes are lower case). */
    public static Optional<RequestKind> fromCode(String code) {
        for (RequestKind kind : values()) {
            if (kind.code.equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
