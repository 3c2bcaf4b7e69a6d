package com.creditledger.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A week of nights: files in, ledger out, every file accounted for, the status feed neutral. */
class NightlyIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void aWeekOfNightsWithAGarbageFileAndATruncatedGzip() throws Exception {
        // given a week of logs, a file full of garbage and a gzip cut short
        NightlyFixture week = new NightlyFixture(dir, 6_000, 40);
        Path inbox = dir.resolve("night-inbox");
        try (BillingHarness billing = week.database("night", dir, Map.of())) {
            Files.createDirectories(inbox);
            Files.write(inbox.resolve("zz-garbage.csv"), new byte[] {'x', 0, 1, 2, '\n', '"', 'a', '\n'});
            byte[] gzip;
            try (var bytes = new java.io.ByteArrayOutputStream();
                    OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(Files.readAllBytes(week.data.resolve("requests/day-2026-11-02.csv")));
                out.close();
                gzip = bytes.toByteArray();
            }
            Files.write(inbox.resolve("truncated.csv.gz"), java.util.Arrays.copyOf(gzip, gzip.length / 2));
            // when
            Outcome first = null;
            for (int d = 0; d < NightlyFixture.DAYS; d++) {
                LocalDate day = NightlyFixture.START.plusDays(d);
                week.deliver(day, inbox);
                Outcome night = billing.run("nightly", "--date", day.toString());
                if (d == 0) {
                    first = night;
                } else {
                    assertThat(night.exit()).as(night.err()).isZero();
                }
            }
            Outcome again = billing.run("nightly", "--date", "2026-11-03");
            // then every file is in processed/ or failed/, none lost
            assertThat(first.exit()).as("a failed file makes the night exit 3").isEqualTo(3);
            assertThat(first.out()).contains("failed/ truncated.csv.gz").contains("records in");
            try (var processed = Files.list(inbox.resolve("processed"));
                    var failed = Files.list(inbox.resolve("failed"));
                    var left = Files.list(inbox)) {
                assertThat(processed
                                .map(p -> p.getFileName().toString())
                                .sorted()
                                .toList())
                        .hasSize(NightlyFixture.DAYS + 1)
                        .contains("zz-garbage.csv", "day-2026-11-01.csv", "day-2026-11-07.csv");
                assertThat(failed.map(p -> p.getFileName().toString()).toList()).containsExactly("truncated.csv.gz");
                assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
            }
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("nightly 2026-11-03 already completed; nothing to do");
            assertThat(billing.count("SELECT count(*) FROM quarantine q JOIN ingested_file f USING (file_id)"
                            + " WHERE f.source = 'zz-garbage.csv'"))
                    .as("its first line is taken as the header; the second, an unbalanced quote, is malformed")
                    .isEqualTo(1);
            assertThat(billing.run("check").out()).contains("ledger check passed");
            assertThat(billing.count("SELECT count(*) FROM rating_run WHERE through = '2026-11-08T00:00:00Z'"
                            + " AND finished_at IS NOT NULL AND through = (SELECT max(through) FROM rating_run)"))
                    .isEqualTo(1);
            // and the status feed never tells a public visitor about billing
            List<String> feed = Files.readAllLines(
                    dir.resolve("night-outbox").resolve("status-2026-11-07.csv"), StandardCharsets.UTF_8);
            assertThat(feed.get(0)).isEqualTo("workspace_id,status,since,public_message,internal_reason");
            assertThat(feed).hasSize(41);
            for (String row : feed.subList(1, feed.size())) {
                String publicMessage = row.split(",", -1)[3];
                assertThat(publicMessage.toLowerCase()).doesNotContain("credit", "billing", "balance", "pay", "plan");
                assertThat(publicMessage).doesNotContainPattern("\\d");
            }
            assertThat(Files.exists(
                            dir.resolve("night-outbox").resolve("2026-11-07").resolve("balances.csv")))
                    .isTrue();
            // and the operator sees the story
            Outcome list = billing.run("jobs", "list", "--job", "nightly");
            assertThat(list.out()).contains("date=2026-11-07").contains("COMPLETED");
            Outcome json = billing.run("jobs", "list", "--json", "--limit", "1");
            assertThat(json.out()).startsWith("{\"id\":").contains("\"status\":\"COMPLETED\"");
        }
    }
}
