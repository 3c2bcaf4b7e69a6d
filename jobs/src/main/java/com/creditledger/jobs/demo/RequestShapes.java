package com.creditledger.jobs.demo;

import static com.creditledger.jobs.demo.Ascii.ascii;
import static com.creditledger.jobs.demo.Ascii.put;
import static com.creditledger.jobs.demo.Ascii.put2;
import static com.creditledger.jobs.demo.Ascii.putLong;
import static com.creditledger.jobs.demo.Ascii.putPadded;
import static com.creditledger.jobs.demo.Rhythm.SECONDS_PER_DAY;

import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The shape of a good request row: the kind mix, automation runs whose follow-up steps come a few
 * seconds to minutes apart, users, agents and apps, models (with {@code auto}), tokens and status.
 * Each row is rendered as ASCII bytes into {@link #row()}.
 */
final class RequestShapes {

    private static final byte[] REQ_PREFIX = ascii("req-");
    private static final byte[] RUN_PREFIX = ascii("run-");
    private static final byte[] OK = ascii("ok");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] AUTO = ascii("auto");
    private static final int REQUEST_ID_DIGITS = 10;
    private static final int RUN_ID_DIGITS = 9;

    // request kinds, with their per-mille share
    private static final int AGENT_RUN = 0;
    private static final int AUTOMATION_RUN = 1;
    private static final int CHAT = 2;
    private static final int GENESIS_BUILD = 3;
    private static final int APP_CLONE = 4;
    private static final byte[][] KIND_BYTES = {
        ascii("agent_run"), ascii("automation_run"), ascii("chat"), ascii("genesis_build"), ascii("app_clone")
    };
    // automation runs start at 6.5%; with 1-6 follow-up steps each they end up about a fifth of the rows
    private static final int[] KIND_CUMULATIVE_PER_MILLE = {500, 565, 860, 995, 1000};
    // token ranges per kind: input lo/hi, output lo/hi
    private static final int[][] TOKENS = {
        {800, 24_000, 100, 4_000},
        {300, 12_000, 50, 3_000},
        {150, 6_000, 50, 2_500},
        {2_000, 40_000, 1_500, 16_000},
        {0, 0, 0, 0}
    };

    private final Workspace[] workspaces;
    private final byte[][] models;
    // follow-up steps of automation runs, as (second of day << 32 | workspace index)
    private final PriorityQueue<Long> followUps = new PriorityQueue<>();
    private long runSequence;
    // "YYYY-MM-DDT" of the day being written
    private byte[] datePrefix;
    private byte[] row = new byte[4096];
    private int rowLength;

    RequestShapes(Workspace[] workspaces, List<String> models) {
        this.workspaces = workspaces;
        this.models = new byte[models.size()][];
        for (int i = 0; i < this.models.length; i++) {
            this.models[i] = ascii(models.get(i));
        }
    }

    /** The row last built; its first {@link #rowLength()} bytes, newline included. */
    byte[] row() {
        return row;
    }

    int rowLength() {
        return rowLength;
    }

    /** Hands the row last built over and builds the next ones into {@code spare} instead. */
    byte[] takeRow(byte[] spare) {
        byte[] taken = row;
        row = spare;
        return taken;
    }

    /** Starts a day: its rows are stamped with {@code date}. */
    void startDay(String date) {
        datePrefix = ascii(date + "T");
    }

    /** Runs still open at midnight end there. */
    void endDay() {
        for (Long f : followUps) {
            workspaces[(int) (f & 0xffff_ffffL)].runStepsLeft = 0;
        }
        followUps.clear();
    }

    /** The workspace whose open automation run has a step due by {@code second}, or null. */
    Workspace dueFollowUp(int second) {
        while (!followUps.isEmpty() && (followUps.peek() >>> 32) <= second) {
            Workspace candidate = workspaces[(int) (followUps.poll() & 0xffff_ffffL)];
            if (candidate.runStepsLeft > 0) {
                return candidate;
            }
        }
        return null;
    }

    /** Renders a good row into {@link #row}. */
    void build(SplittableRandom r, Workspace w, long id, boolean followUp, int secondOfDay) {
        // kind: the next step of an automation run, or the usual mix
        int k;
        if (followUp) {
            k = AUTOMATION_RUN;
        } else {
            int x = r.nextInt(1000);
            k = 0;
            while (x >= KIND_CUMULATIVE_PER_MILLE[k]) {
                k++;
            }
        }
        if (k == AUTOMATION_RUN) {
            if (w.runStepsLeft > 0) {
                w.runStepsLeft--; // the next step of the open run
            } else {
                double u = r.nextDouble();
                w.runId = ++runSequence;
                w.runAutomation = 1 + r.nextInt(w.automations);
                w.runUser = 1 + (int) (w.users * u * u);
                w.runStepsLeft = 1 + r.nextInt(6);
            }
            if (w.runStepsLeft > 0) {
                int due = secondOfDay + 5 + r.nextInt(240);
                if (due < SECONDS_PER_DAY) {
                    followUps.add(((long) due << 32) | w.index);
                } else {
                    w.runStepsLeft = 0;
                }
            }
        }
        boolean error = k != APP_CLONE && r.nextInt(100) == 0;
        boolean publicVisitor = k == AGENT_RUN && r.nextInt(100) < 12;

        byte[] b = row;
        int p = 0;
        p = put(b, p, REQ_PREFIX);
        p = putPadded(b, p, id, REQUEST_ID_DIGITS);
        b[p++] = ',';
        p = put(b, p, datePrefix);
        p = put2(b, p, secondOfDay / 3600);
        b[p++] = ':';
        p = put2(b, p, secondOfDay / 60 % 60);
        b[p++] = ':';
        p = put2(b, p, secondOfDay % 60);
        b[p++] = 'Z';
        b[p++] = ',';
        p = put(b, p, w.idBytes);
        b[p++] = ',';
        if (k == AUTOMATION_RUN) {
            p = put(b, p, w.userPrefix);
            p = putLong(b, p, w.runUser);
        } else if (!publicVisitor) {
            // a few power users make most requests
            double u = r.nextDouble();
            p = put(b, p, w.userPrefix);
            p = putLong(b, p, 1 + (int) (w.users * u * u));
        }
        b[p++] = ',';
        p = put(b, p, KIND_BYTES[k]);
        b[p++] = ',';
        if (k == AGENT_RUN) {
            double u = r.nextDouble();
            p = put(b, p, w.agentPrefix);
            p = putLong(b, p, 1 + (int) (w.agents * u * u));
        }
        b[p++] = ',';
        if (k == AUTOMATION_RUN) {
            p = put(b, p, w.automationPrefix);
            p = putLong(b, p, w.runAutomation);
            b[p++] = ',';
            p = put(b, p, RUN_PREFIX);
            p = putPadded(b, p, w.runId, RUN_ID_DIGITS);
        } else {
            b[p++] = ',';
        }
        b[p++] = ',';
        if (k == APP_CLONE) {
            // cloning someone's published app
            Workspace owner = workspaces[r.nextInt(workspaces.length)];
            p = put(b, p, owner.appPrefix);
            p = putLong(b, p, 1 + r.nextInt(owner.apps));
        } else if (publicVisitor || (k == GENESIS_BUILD && r.nextInt(10) < 6)) {
            p = put(b, p, w.appPrefix);
            p = putLong(b, p, 1 + r.nextInt(w.apps));
        }
        b[p++] = ',';
        if (k != APP_CLONE) {
            int x = r.nextInt(100);
            if (x < 10) {
                p = put(b, p, AUTO);
                b[p++] = ',';
                if (r.nextInt(100) < 85) {
                    p = put(b, p, models[preferredModel(r, w)]);
                }
            } else {
                p = put(b, p, models[preferredModel(r, w)]);
                b[p++] = ',';
            }
        } else {
            b[p++] = ',';
        }
        b[p++] = ',';
        if (k != APP_CLONE) {
            int[] t = TOKENS[k];
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            int tokensIn = t[0] + (int) ((t[1] - t[0]) * u1 * r.nextDouble());
            int tokensOut = error && u2 < 0.7 ? 0 : t[2] + (int) ((t[3] - t[2]) * u2 * r.nextDouble());
            p = putLong(b, p, tokensIn);
            b[p++] = ',';
            p = putLong(b, p, tokensOut);
        } else {
            b[p++] = ',';
        }
        b[p++] = ',';
        p = put(b, p, error ? ERROR : OK);
        b[p++] = ',';
        if (publicVisitor) {
            p = put(b, p, TRUE);
        }
        b[p++] = '\n';
        rowLength = p;
    }

    private int preferredModel(SplittableRandom r, Workspace w) {
        int x = r.nextInt(100);
        return w.preferredModels[x < 55 ? 0 : x < 85 ? 1 : 2];
    }
}
