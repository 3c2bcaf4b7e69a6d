package com.creditledger.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.reports.activity.ActivityReport;
import com.creditledger.reports.agents.AgentsReport;
import com.creditledger.reports.usage.UsageReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The human CSVs, byte for byte against golden files in src/test/resources/golden. */
class CsvGoldenTests {

    static String golden(String name) throws Exception {
        try (var in = CsvGoldenTests.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void agentsCsv(@TempDir Path dir) throws Exception {
        // given
        Stream<AgentsReport.AgentUsage> rows = Stream.of(
                SpreadsheetSafetyTests.plusAgent(),
                new AgentsReport.AgentUsage("ws-good", "helper", 10, 0, 0, 0, "(app clone) (0)"));
        // when
        Path file = AgentsReport.csv(dir, SpreadsheetSafetyTests.MONTH, rows);
        // then
        assertThat(file.getFileName()).hasToString("agents-2026-11.csv");
        assertThat(Files.readString(file)).isEqualTo(golden("agents-2026-11.csv"));
    }

    @Test
    void usageWorkspacesCsv(@TempDir Path dir) throws Exception {
        // given
        UsageReport.Data data = SpreadsheetSafetyTests.usage();
        // when
        List<Path> files = UsageReport.csv(dir, data);
        // then
        assertThat(files)
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "usage-2026-11-summary.csv",
                        "usage-2026-11-workspaces.csv",
                        "usage-2026-11-by-day.csv",
                        "usage-2026-11-by-model.csv");
        assertThat(Files.readString(files.get(1))).isEqualTo(golden("usage-2026-11-workspaces.csv"));
        assertThat(Files.readString(files.get(2))).isEqualTo(golden("usage-2026-11-by-day.csv"));
    }

    @Test
    void activityCsv(@TempDir Path dir) throws Exception {
        // given
        Stream<ActivityReport.ActivityEvent> rows = Stream.of(
                new ActivityReport.ActivityEvent(
                        "ws-1",
                        SpreadsheetSafetyTests.HOSTILE_NAME,
                        Instant.parse("2026-11-02T10:15:00Z"),
                        "PACK_PURCHASE",
                        "p5k",
                        5000L,
                        250L,
                        4750L,
                        "USD",
                        "pur-1",
                        null),
                new ActivityReport.ActivityEvent(
                        "ws-1",
                        "Acme",
                        Instant.parse("2026-11-03T00:00:00Z"),
                        "TOPUP_DECLINED",
                        "p1k",
                        null,
                        null,
                        null,
                        null,
                        "topup:ws-1:r9",
                        "auto top-up declined (card_declined); suspended"));
        // when
        Path file = ActivityReport.csv(dir, SpreadsheetSafetyTests.MONTH, rows);
        // then
        assertThat(Files.readString(file)).isEqualTo(golden("activity-2026-11.csv"));
    }
}
