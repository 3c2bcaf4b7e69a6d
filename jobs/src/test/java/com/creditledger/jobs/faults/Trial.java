package com.creditledger.jobs.faults;

import com.creditledger.jobs.faults.KillPoint.AfterStart;
import com.creditledger.jobs.faults.KillPoint.FreeSpace;
import com.creditledger.jobs.faults.KillPoint.WhenCount;
import com.creditledger.jobs.faults.Workload.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One fault: what strikes, which command it strikes, and when.
 *
 * @param number 1-based, as printed
 * @param fault what strikes
 * @param stage the command it strikes
 * @param point when (for {@link Fault#DISK_FULL}, the free space left)
 * @param stripeDelay how late the fake Stripe answers during the struck command
 */
record Trial(int number, Fault fault, Stage stage, KillPoint point, Duration stripeDelay) {

    /** What strikes. */
    enum Fault {
        /** {@code kill -9} of the billing JVM. */
        KILL_BILLING("kill-billing"),
        /** {@code kill -9} of the embedded postmaster while the billing JVM runs. */
        KILL_POSTGRES("kill-postgres"),
        /** The database's file system fills up (a small tmpfs). */
        DISK_FULL("disk-full");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    /**
     * What the uninterrupted reference run did, to place points where something happens.
     *
     * @param workspaces workspaces rated by each rate run
     * @param rateCharges charges the {@code rate} command made (answered journal entries)
     * @param nightCharges charges the {@code nightly} command made
     * @param seconds how long each command took, by stage ordinal
     */
    record Reference(long workspaces, long rateCharges, long nightCharges, double[] seconds) {}

    static final String FILES_INGESTED = "SELECT count(*) FROM ingested_file";
    /** Files whose ingest job has started: the n-th file is being ingested once this reaches n. */
    static final String INGEST_JOBS = "SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
            + " USING (job_instance_id) WHERE i.job_name = 'ingest'";

    static final String ANSWERED = "SELECT count(*) FROM payment_journal WHERE status <> 'PENDING'";

    /** 1 once the run through {@code through} has committed its end (rating_run.finished_at). */
    static String finished(Instant through) {
        return "SELECT count(*) FROM rating_run WHERE finished_at IS NOT NULL AND through = '" + through + "'";
    }

    static String rated(Instant through) {
        return "SELECT count(*) FROM account_state WHERE rated_through = '" + through + "'";
    }

    /** The {@code count} trials of {@code seed}: the same seed always gives the same plan. */
    static List<Trial> plan(int count, long seed, Workload workload, Reference reference) {
        SplittableRandom random = new SplittableRandom(seed);
        // trial 1 fills the disk, in CI too (FaultSuite skips it, saying why, where no tmpfs can be
        // mounted); -Dfaults.diskFull=false leaves it out
        boolean diskFull = Boolean.parseBoolean(System.getProperty("faults.diskFull", "true"));
        List<Trial> trials = new ArrayList<>();
        int billingKills = 0;
        int postgresKills = 0;
        for (int i = 0; i < count; i++) {
            int number = i + 1;
            SplittableRandom r = random.split();
            if (i == 0 && diskFull) {
                // less free space than the ingest needs
                trials.add(new Trial(
                        number, Fault.DISK_FULL, Stage.INGEST, new FreeSpace(r.nextInt(256, 2048)), Duration.ZERO));
            } else if (i % 10 == 1) {
                trials.add(postgresKill(number, postgresKills++, r, workload, reference));
            } else {
                trials.add(billingKill(number, billingKills++, r, workload, reference));
            }
        }
        return trials;
    }

    /** A rotation of the points worth killing the billing process at, each drawn at random. */
    private static Trial billingKill(int number, int k, SplittableRandom r, Workload workload, Reference reference) {
        long workspaces = reference.workspaces();
        int files = workload.ingestFiles.size();
        Duration none = Duration.ZERO;
        return switch (k % 10) {
            case 0 ->
                new Trial(
                        number,
                        Fault.KILL_BILLING,
                        Stage.RATE,
                        new WhenCount(
                                "charges answered (kill right after the payment call)",
                                ANSWERED,
                                r.nextLong(1, Math.max(2, reference.rateCharges() + 1)),
                                0),
                        none);
            case 1, 8 -> nightly(number, Fault.KILL_BILLING, r, workload, reference);
            case 2 ->
                new Trial(
                        number,
                        Fault.KILL_BILLING,
                        Stage.INGEST,
                        new WhenCount(
                                "files whose ingest started", INGEST_JOBS, r.nextInt(1, files + 1), r.nextInt(0, 250)),
                        none);
            case 3 -> {
                // while the JVM, PostgreSQL, Spring and Flyway start: at once, or up to 4 s later
                Stage stage = Stage.values()[r.nextInt(Stage.values().length)];
                yield new Trial(
                        number,
                        Fault.KILL_BILLING,
                        stage,
                        new AfterStart(r.nextInt(3) == 0 ? 0 : (long) (r.nextDouble() * 4000)),
                        none);
            }
            case 4 ->
                // mid-run, or (the second of every three, so that a 36-trial run has one) after the
                // run's last commit, before its process exits: the same command then finds the run
                // finished and does nothing
                k % 30 == 14
                        ? new Trial(
                                number,
                                Fault.KILL_BILLING,
                                Stage.RATE,
                                new WhenCount(
                                        "rate runs finished (kill after the last commit)",
                                        finished(Workload.RATE_THROUGH),
                                        1,
                                        r.nextInt(0, 40)),
                                none)
                        : new Trial(
                                number,
                                Fault.KILL_BILLING,
                                Stage.RATE,
                                new WhenCount(
                                        "workspaces rated",
                                        rated(Workload.RATE_THROUGH),
                                        r.nextLong(1, Math.max(2, workspaces)),
                                        r.nextInt(0, 30)),
                                none);
            case 5 ->
                new Trial(
                        number,
                        Fault.KILL_BILLING,
                        Stage.RATE,
                        new WhenCount(
                                "charges in flight (Stripe answers after 400 ms)",
                                inFlight(r.nextLong(0, Math.max(1, reference.rateCharges()))),
                                1,
                                r.nextInt(0, 200)),
                        Duration.ofMillis(400));
            case 6 -> new Trial(number, Fault.KILL_BILLING, Stage.SETUP, anInstantOf(Stage.SETUP, r, reference), none);
            case 7 ->
                new Trial(
                        number,
                        Fault.KILL_BILLING,
                        Stage.INGEST,
                        new WhenCount(
                                "files ingested (kill right after a commit)", FILES_INGESTED, r.nextInt(1, files), 0),
                        none);
            default ->
                new Trial(number, Fault.KILL_BILLING, Stage.INGEST, anInstantOf(Stage.INGEST, r, reference), none);
        };
    }

    private static Trial postgresKill(int number, int k, SplittableRandom r, Workload workload, Reference reference) {
        return switch (k % 3) {
            case 0 ->
                new Trial(
                        number,
                        Fault.KILL_POSTGRES,
                        Stage.RATE,
                        new WhenCount(
                                "workspaces rated",
                                rated(Workload.RATE_THROUGH),
                                r.nextLong(1, Math.max(2, reference.workspaces())),
                                0),
                        Duration.ZERO);
            case 1 -> nightly(number, Fault.KILL_POSTGRES, r, workload, reference);
            default ->
                new Trial(
                        number,
                        Fault.KILL_POSTGRES,
                        Stage.INGEST,
                        new WhenCount(
                                "files whose ingest started",
                                INGEST_JOBS,
                                r.nextInt(1, workload.ingestFiles.size() + 1),
                                r.nextInt(0, 250)),
                        Duration.ZERO);
        };
    }

    /** The nightly job at a random one of its phases: inbox, rating, top-ups, exports, or any instant. */
    private static Trial nightly(int number, Fault fault, SplittableRandom r, Workload workload, Reference reference) {
        // the reference's ingest ran one job per file; the inbox's renamed copy is skipped without one
        int ingested = workload.ingestFiles.size();
        KillPoint point = switch (r.nextInt(5)) {
            case 0 ->
                new WhenCount(
                        "files whose ingest started",
                        INGEST_JOBS,
                        ingested + r.nextInt(1, workload.inboxFiles.size()),
                        r.nextInt(0, 200));
            case 1 ->
                new WhenCount(
                        "workspaces rated",
                        rated(Workload.NIGHT_THROUGH),
                        r.nextLong(1, Math.max(2, reference.workspaces())),
                        r.nextInt(0, 30));
            case 2 ->
                new WhenCount(
                        "charges answered",
                        ANSWERED,
                        reference.rateCharges() + r.nextLong(1, Math.max(2, reference.nightCharges() + 1)),
                        0);
            case 3 ->
                new WhenCount(
                        "export steps started",
                        "SELECT count(*) FROM batch_step_execution WHERE step_name IN ('exportStatusFeed', 'writeExports')",
                        r.nextInt(1, 3),
                        r.nextInt(0, 100));
            default -> anInstantOf(Stage.NIGHTLY, r, reference);
        };
        return new Trial(number, fault, Stage.NIGHTLY, point, Duration.ZERO);
    }

    /**
     * Any instant of the first 70% of the time the reference took for the command, so that a faster
     * run is still running. Drawn as a fraction, so that a seed gives the same point of the command
     * on a faster or slower machine.
     */
    private static AfterStart anInstantOf(Stage stage, SplittableRandom r, Reference reference) {
        return new AfterStart((long) (r.nextDouble() * 0.7 * reference.seconds()[stage.ordinal()] * 1000));
    }

    /** 1 while a charge is in flight (journaled PENDING, not yet answered) after {@code answered} answers. */
    private static String inFlight(long answered) {
        return "SELECT CASE WHEN count(*) FILTER (WHERE status <> 'PENDING') >= " + answered
                + " AND count(*) FILTER (WHERE status = 'PENDING') > count(*) FILTER (WHERE status <> 'PENDING')"
                + " THEN 1 ELSE 0 END FROM payment_journal";
    }
}
