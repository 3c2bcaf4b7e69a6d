package com.creditledger.jobs.report;

import com.creditledger.jobs.system.BillingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** The reports and the formats each can be written in. */
public enum Report {
    USAGE(Set.of("xlsx", "csv")),
    AGENTS(Set.of("xlsx", "csv")),
    AUTOMATION_RUNS(Set.of("xlsx", "csv")),
    ACTIVITY(Set.of("xlsx", "csv")),
    FINANCE(Set.of("xlsx", "csv")),
    STATEMENTS(Set.of("html", "csv", "xlsx"));

    private final Set<String> formats;

    Report(Set<String> formats) {
        this.formats = formats;
    }

    public String commandName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean supports(String format) {
        return formats.contains(format);
    }

    /** The format written when none is asked for: html for statements, xlsx otherwise. */
    public String defaultFormat() {
        return this == STATEMENTS ? "html" : "xlsx";
    }

    public static Report fromCommandName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.commandName().equals(name))
                .findFirst()
                .orElseThrow(() -> new BillingException("unknown report '" + name + "'; choose one of "
                        + Arrays.stream(values()).map(Report::commandName).toList()));
    }
}
