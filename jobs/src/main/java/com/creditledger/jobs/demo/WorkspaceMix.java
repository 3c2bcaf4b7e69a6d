package com.creditledger.jobs.demo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Draws the workspaces: plan, name, cycle anchor, auto top-up terms, usage rate, team and preferred
 * models, and sizes the custom allowances so that all of them together ask for about the requested
 * number of rows.
 */
final class WorkspaceMix {

    /** Credits per request the usage sizing assumes (about the average of the default catalog for this mix). */
    static final double ASSUMED_CREDITS_PER_REQUEST = 75.0;

    private static final String[] NAME_FIRST =
            ("Acme|Northwind|Blue Harbor|Lumen|Redwood|Orbit|Brightline|Cobalt|Juniper|Summit|Foxglove|Ironbark|Kestrel|Meridian|Nimbus|Pinecrest|Quarry|Riverstone|Saffron|Tidewater|Umbra|Vantage|Willow|Zephyr|Atlas|Beacon|Cedar|Driftwood|Evergreen|Granite|Halcyon|Indigo|Lighthouse|Mosaic|Nova|Oakridge|Polaris|Sparrow|Tandem")
                    .split("\\|");
    private static final String[] NAME_SECOND =
            ("Labs|Studio|Analytics|Robotics|Ventures|Collective|Design Co|Health|Logistics|Learning|Media|Partners|Consulting|Foods|Energy|Capital|Software|Agency|Clinic|Academy|Marketing|Research|Systems|Works")
                    .split("\\|");
    private static final String[] SPECIAL_NAMES = {
        "Smith, Jones & Partners", "The \"Night Owls\" Team", "Café Ünïcode GmbH", "Doe, Ray & \"Mi\" Music"
    };
    private static final String[] CARDS = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_visa_debit"};

    private final DatasetGenerator.Spec spec;
    private final GeneratorCatalog catalog;
    private final double[] dayFactor;

    WorkspaceMix(DatasetGenerator.Spec spec, GeneratorCatalog catalog, double[] dayFactor) {
        this.spec = spec;
        this.catalog = catalog;
        this.dayFactor = dayFactor;
    }

    /** The spec's workspaces, drawn from {@code r}. */
    Workspace[] draw(SplittableRandom r) {
        Workspace[] workspaces = new Workspace[spec.workspaces()];
        int plans = PlanMix.values().length;
        int width = Math.max(4, Integer.toString(workspaces.length).length());
        LocalDate monthBefore = spec.start().minusMonths(1);
        int daysBefore = (int) ChronoUnit.DAYS.between(monthBefore, spec.start());
        YearMonth previousMonth = YearMonth.from(monthBefore);
        int topups = 0;
        for (int i = 0; i < workspaces.length; i++) {
            Workspace w = new Workspace(i, width);
            workspaces[i] = w;
            w.plan = i < plans ? PlanMix.values()[i] : PlanMix.draw(r);
            w.name = name(i, r);
            // anchors: most in the month before the period (their boundary falls inside it), some
            // on the 29th-31st, the rest sign up during the period
            if (i < plans || r.nextDouble() < 0.78) {
                if (r.nextDouble() < 0.10) {
                    int dom = Math.min(29 + r.nextInt(3), previousMonth.lengthOfMonth());
                    w.anchor = previousMonth.atDay(dom);
                    if (!w.anchor.isBefore(spec.start())) {
                        w.anchor = spec.start().minusDays(1);
                    }
                } else {
                    w.anchor = spec.start().minusDays(1 + r.nextInt(daysBefore));
                }
            } else {
                w.anchor = spec.start().plusDays(r.nextInt(spec.days()));
            }
            w.anchorDay = (int) ChronoUnit.DAYS.between(spec.start(), w.anchor);
            // auto top-up: pro and business of the first five always (one of them with a declining card)
            w.autoTopup = i == 1 || i == 2 || (i >= plans && r.nextDouble() < w.plan.topup.chance());
            boolean declined = false;
            if (w.autoTopup) {
                int k = topups++;
                declined = k % 10 == 1;
                w.over = k % 2 == 0 || declined;
                w.paymentMethod = declined
                        ? (k % 20 == 11 ? "pm_card_chargeDeclinedInsufficientFunds" : "pm_card_chargeDeclined")
                        : CARDS[r.nextInt(CARDS.length)];
                setTopupTerms(w, r);
            } else {
                w.over = r.nextDouble() < 0.06;
            }
            double u = r.nextDouble();
            w.usageRate = w.over ? 1.3 + 1.7 * u : 0.03 + 0.67 * u * u;
            w.enterpriseSize = 0.4 + 1.6 * r.nextDouble();
            w.allowance = catalog.monthlyCredits(w.plan);
            w.plan.team.size(w, r);
            pickModels(w, r);
            double activity = 0;
            for (int d = Math.max(0, w.anchorDay); d < spec.days(); d++) {
                activity += dayFactor[d];
            }
            w.activity = activity;
        }
        sizeCustomAllowances(workspaces);
        for (Workspace w : workspaces) {
            w.base = w.allowance * w.usageRate / (30.0 * ASSUMED_CREDITS_PER_REQUEST);
        }
        return workspaces;
    }

    private static String name(int i, SplittableRandom r) {
        String first = NAME_FIRST[r.nextInt(NAME_FIRST.length)];
        String second = NAME_SECOND[r.nextInt(NAME_SECOND.length)];
        if (i == 3 || i == 7 || i == 11 || i == 19) {
            return SPECIAL_NAMES[(i == 3 ? 0 : i == 7 ? 1 : i == 11 ? 2 : 3)];
        }
        if (i % 97 == 41) {
            return first + ", " + second;
        }
        return first + " " + second;
    }

    private void setTopupTerms(Workspace w, SplittableRandom r) {
        boolean bigger = r.nextBoolean();
        w.topupThreshold = w.plan.topup.threshold(bigger);
        w.topupPack = catalog.topupPack(w.plan, bigger);
        w.topupCycleLimit = r.nextDouble() < 0.4 ? 0 : 1 + r.nextInt(5);
    }

    private void pickModels(Workspace w, SplittableRandom r) {
        int n = catalog.models().size();
        for (int k = 0; k < w.preferredModels.length; k++) {
            int candidate = r.nextInt(n);
            // distinct when the list allows
            for (int tries = 0; tries < 8 && k < n && contains(w.preferredModels, k, candidate); tries++) {
                candidate = r.nextInt(n);
            }
            w.preferredModels[k] = candidate;
        }
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Expected requests of a workspace = allowance × usage rate / assumed credits per request, over
     * its active days. Custom allowances (the enterprise plan's) are sized so that all workspaces
     * together ask for about {@code records} requests (at least 100,000 credits, in 10,000 steps).
     */
    private void sizeCustomAllowances(Workspace[] workspaces) {
        double perUnit = 30.0 * ASSUMED_CREDITS_PER_REQUEST;
        double others = 0;
        double customMass = 0;
        for (Workspace w : workspaces) {
            if (catalog.customAllowance(w.plan)) {
                customMass += w.enterpriseSize * w.usageRate * w.activity / perUnit;
            } else {
                others += w.allowance * w.usageRate * w.activity / perUnit;
            }
        }
        double scale = customMass > 0 ? Math.max(0, spec.records() - others) / customMass : 0;
        for (Workspace w : workspaces) {
            if (catalog.customAllowance(w.plan)) {
                long allowance = Math.round(scale * w.enterpriseSize / 10_000.0) * 10_000;
                w.allowance = Math.max(100_000, allowance);
            }
        }
    }
}
