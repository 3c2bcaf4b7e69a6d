package com.creditledger.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workspaces each near 2^63 − 1 consumed credits: every workspace's figures fit in a long,
 * their sums do not, and no sum may wrap or stop the run.
 */
class HugeCreditsIntegrationTests {

    private static final String WORKSPACES = """
            workspace_id,name,plan,cycle_anchor,custom_allowance,auto_topup,topup_threshold,topup_pack,topup_cycle_limit,payment_method
            ws-1,One,enterprise,2026-02-01,1000000000,false,,,,
            ws-2,Two,pro,2026-03-01,,false,,,,
            """;

    /** 1 + ceil(9,223,372,036 × 10^12 / 1000) = 9,223,372,036,000,000,001 credits each. */
    private static final String REQUESTS = """
            request_id,occurred_at,workspace_id,kind,model,input_tokens,output_tokens
            r-1,2026-03-02T10:00:00Z,ws-1,chat,mega-1,0,9223372036
            r-2,2026-03-02T10:00:00Z,ws-2,chat,mega-1,0,9223372036
            """;

    @TempDir
    Path dir;

    @Test
    void totalsBeyondALongNeitherWrapNorStopTheRun() throws Exception {
        try (BillingHarness billing = new BillingHarness("huge", Map.of("billing.rating.partitions", 2))) {
            // given ws-1, whose February allowance of 10^9 expired unused, so that its consumed and
            // expired credits together are past 2^63 − 1
            Path catalog =
                    Path.of(getClass().getResource("/conformance/hostile-input").toURI());
            for (String what : new String[] {"plans", "packs", "prices"}) {
                billing.expectSuccess(
                        "load", what, catalog.resolve(what + ".csv").toString());
            }
            billing.expectSuccess(
                    "load", "workspaces", write("workspaces.csv", WORKSPACES).toString());
            billing.expectSuccess("ingest", write("month.csv", REQUESTS).toString());
            // when
            Outcome rated = billing.run("rate", "--through", "2026-04-01T00:00:00Z");
            // then the run and its ledger check end green, and its summary counts past a long
            assertThat(rated.exit()).as(rated.err()).isZero();
            assertThat(rated.out()).contains("2 requests, 18446744072000000002 credits");
            assertThat(billing.run("check").out()).contains("ledger check passed");
            Path balances = dir.resolve("balances.csv");
            billing.expectSuccess("export", "balances", "--out", balances.toString());
            assertThat(Files.readString(balances))
                    .contains("ws-1,enterprise,-9223372035000000001,0,0,9223372035000000001,9223372036000000001,"
                            + "1000000000,0,OUT_OF_CREDITS,");
            // and a report whose cells cannot hold a total says so instead of writing a wrong one
            Outcome finance =
                    billing.run("report", "finance", "--month", "2026-03", "--format", "csv", "--out", dir.toString());
            assertThat(finance.exit()).isEqualTo(1);
            assertThat(finance.err())
                    .contains("the finance report's consumed over all workspaces is 18446744072000000002");
            Outcome agents =
                    billing.run("report", "usage", "--month", "2026-03", "--format", "csv", "--out", dir.toString());
            assertThat(agents.err()).contains("the usage report's credits over all workspaces is 18446744072000000002");
        }
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
