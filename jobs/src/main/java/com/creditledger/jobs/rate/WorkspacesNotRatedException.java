package com.creditledger.jobs.rate;

import com.creditledger.jobs.system.BillingException;
import java.util.Collection;
import java.util.List;

/**
 * Some workspaces of a partition failed to rate and were set aside; the partition's other
 * workspaces are rated and committed. It fails the partition's step, so the run stays unfinished
 * and its watermark does not move; the same command, after the cause is fixed, rates exactly the
 * workspaces set aside.
 */
final class WorkspacesNotRatedException extends BillingException {

    /** How many failures the message spells out; the log has every one. */
    private static final int SHOWN = 3;

    /** The failures of one partition, one line each; the step's name says which partition. */
    WorkspacesNotRatedException(Collection<String> failures) {
        super(message(List.copyOf(failures)));
    }

    private static String message(List<String> failures) {
        StringBuilder message = new StringBuilder()
                .append(failures.size())
                .append(failures.size() == 1 ? " workspace is" : " workspaces are")
                .append(" not rated (the partition's other workspaces are): ");
        message.append(String.join("; ", failures.subList(0, Math.min(SHOWN, failures.size()))));
        if (failures.size() > SHOWN) {
            message.append("; and ").append(failures.size() - SHOWN).append(" more (each is in the log)");
        }
        return message.toString();
    }
}
