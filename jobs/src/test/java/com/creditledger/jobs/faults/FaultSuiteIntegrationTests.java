package com.creditledger.jobs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault suite on the embedded default database: {@code kill -9} of billing at random points of
 * ingest, rate (top-ups through the fake Stripe) and nightly, PostgreSQL killed mid-run, every
 * hostile request log of the conformance suite, and a full disk (a tmpfs: as root, where mount is
 * permitted; otherwise that trial is skipped and says why; {@code -Dfaults.diskFull=false} leaves it
 * out); see {@code docs/reliability.md}.
 *
 * <p>{@code -Dfaults.trials=N} (default 5, the CI's short version, the disk-full trial first; {@code
 * scripts/torture} runs 36), {@code -Dfaults.seed=S} (default random, printed) and {@code
 * -Dfaults.only=3,7} to replay trials of a seed. Trials that fail keep their folder in {@code
 * target/faults}; the lines printed are also in {@code target/faults-report.txt}.
 */
class FaultSuiteIntegrationTests {

    @Test
    void everyFaultIsSurvivedWithTheExportsOfAnUninterruptedRunNothingLostAndNothingChargedTwice() throws Exception {
        // given
        int trials = Integer.getInteger("faults.trials", 5);
        long seed = Long.getLong("faults.seed", new SplittableRandom().nextLong(1, 1L << 40));
        Set<Integer> only = Arrays.stream(System.getProperty("faults.only", "").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Integer::valueOf)
                .collect(Collectors.toSet());
        Path report = Path.of("target", "faults-report.txt");
        FaultSuite.Figures figures;
        // when
        try (OutputStream file = Files.newOutputStream(report);
                PrintStream tee = new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8)) {
            figures = new FaultSuite(Path.of("target", "faults"), seed, trials, only, tee).run();
        }
        // then
        String replay = " (replay with -Dfaults.seed=" + seed + " -Dfaults.trials=" + trials + "; see " + report + ")";
        assertThat(figures.failures())
                .as("trials that did not come out clean" + replay)
                .isEmpty();
        assertThat(figures.faults())
                .as("faults that struck" + replay)
                .isEqualTo((only.isEmpty() ? trials : only.size()) - figures.skipped());
        assertThat(figures.survived()).as("survived" + replay).isEqualTo(figures.faults());
        assertThat(figures.identical()).as("identical" + replay).isEqualTo(figures.faults());
        assertThat(figures.lostRecords()).as("lost_records" + replay).isZero();
        assertThat(figures.doubleCharges()).as("double_charges" + replay).isZero();
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
