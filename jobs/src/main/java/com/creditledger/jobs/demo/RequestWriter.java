package com.creditledger.jobs.demo;

import static com.creditledger.jobs.demo.Ascii.ascii;
import static com.creditledger.jobs.demo.Rhythm.MINUTES_PER_DAY;

import com.creditledger.jobs.demo.LateAndBadRows.LateRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Streams the request logs, one file per day: rows per day follow the weekday rhythm and the
 * workspaces signed up by then, rows per minute the hour of day, and each row's workspace is drawn
 * in proportion to its expected traffic (or is the one whose automation run has a step due).
 */
final class RequestWriter {

    private final DatasetGenerator.Spec spec;
    private final Workspace[] workspaces;
    private final double[] dayFactor;
    private final SplittableRandom random;
    private final RequestShapes shapes;
    private final LateAndBadRows placement;
    private final int[] secondHistogram = new int[60];
    private long requestSequence;

    RequestWriter(
            DatasetGenerator.Spec spec,
            Workspace[] workspaces,
            List<String> models,
            double[] dayFactor,
            SplittableRandom random) {
        this.spec = spec;
        this.workspaces = workspaces;
        this.dayFactor = dayFactor;
        this.random = random;
        this.shapes = new RequestShapes(workspaces, models);
        this.placement = new LateAndBadRows(spec, models);
    }

    /** Where the rows went: the bad and late counts. */
    LateAndBadRows placement() {
        return placement;
    }

    /** Writes {@code day-YYYY-MM-DD.csv} for each day into {@code requestDir}; the files in date order. */
    List<Path> write(Path requestDir) throws IOException {
        int days = spec.days();
        // rows per day: weekday rhythm times the weight of the workspaces already signed up
        double[] dayWeight = new double[days];
        double totalWeight = 0;
        for (int d = 0; d < days; d++) {
            double active = 0;
            for (Workspace w : workspaces) {
                if (w.anchorDay <= d) {
                    active += w.base;
                }
            }
            dayWeight[d] = dayFactor[d] * active;
            totalWeight += dayWeight[d];
        }
        long[] dayRows = Rhythm.apportion(spec.records(), dayWeight, totalWeight);
        double[] minuteWeight = Rhythm.minuteWeights();
        double minuteTotal = 0;
        for (double v : minuteWeight) {
            minuteTotal += v;
        }
        byte[] header = ascii(DatasetGenerator.REQUESTS_HEADER + "\n");
        double[] weights = new double[workspaces.length];
        int[] items = new int[workspaces.length];
        List<Path> files = new ArrayList<>(days);
        for (int d = 0; d < days; d++) {
            LocalDate date = spec.start().plusDays(d);
            Path file = requestDir.resolve("day-" + date + ".csv");
            files.add(file);
            int n = 0;
            for (Workspace w : workspaces) {
                if (w.anchorDay <= d && w.base > 0) {
                    weights[n] = w.base;
                    items[n++] = w.index;
                }
            }
            AliasTable pick = n == 0 ? null : new AliasTable(weights, items, n);
            long[] minuteRows =
                    pick == null ? new long[MINUTES_PER_DAY] : Rhythm.apportion(dayRows[d], minuteWeight, minuteTotal);
            List<LateRow> arriving = placement.arriving(d);
            shapes.startDay(date.toString());
            try (ByteSink sink = new ByteSink(Files.newOutputStream(file))) {
                sink.write(header);
                int nextLate = 0;
                for (int m = 0; m < MINUTES_PER_DAY; m++) {
                    long k = minuteRows[m];
                    if (k == 0) {
                        continue;
                    }
                    Arrays.fill(secondHistogram, 0);
                    for (long j = 0; j < k; j++) {
                        secondHistogram[random.nextInt(60)]++;
                    }
                    for (int s = 0; s < 60; s++) {
                        int c = secondHistogram[s];
                        if (c == 0) {
                            continue;
                        }
                        int second = m * 60 + s;
                        while (nextLate < arriving.size()
                                && arriving.get(nextLate).secondOfDay() <= second) {
                            sink.write(arriving.get(nextLate++).bytes());
                        }
                        for (int j = 0; j < c; j++) {
                            emit(sink, pick, d, second);
                        }
                    }
                }
                while (nextLate < arriving.size()) {
                    sink.write(arriving.get(nextLate++).bytes());
                }
            }
            shapes.endDay();
        }
        return files;
    }

    private void emit(ByteSink sink, AliasTable pick, int day, int second) throws IOException {
        SplittableRandom r = random;
        long id = ++requestSequence;
        Workspace w = shapes.dueFollowUp(second);
        boolean followUp = w != null;
        if (w == null) {
            w = workspaces[pick.draw(r)];
        }
        shapes.build(r, w, id, followUp, second);
        placement.place(r, shapes, w, id, day, second, sink);
    }
}
