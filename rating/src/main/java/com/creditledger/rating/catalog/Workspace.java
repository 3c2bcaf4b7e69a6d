package com.creditledger.rating.catalog;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A workspace, the billing account (workspaces.csv).
 *
 * @param cycleAnchor the first cycle starts at 00:00Z that day (R2)
 * @param customAllowance the monthly PLAN grant when the plan has none (enterprise), else null
 * @param autoTopup the auto top-up settings, or null when auto top-up is off
 */
public record Workspace(
        String id, String name, String planId, LocalDate cycleAnchor, Long customAllowance, AutoTopup autoTopup) {

    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(cycleAnchor, "cycleAnchor");
    }

    /** The credits of each cycle's PLAN grant on the given plan. */
    public long monthlyAllowance(Plan plan) {
        Long allowance = plan.monthlyCredits() != null ? plan.monthlyCredits() : customAllowance;
        if (allowance == null) {
            throw new IllegalStateException("workspace " + id + " on plan " + plan.id() + " has no allowance");
        }
        return allowance;
    }
}
