package com.creditledger.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One workspace whose timeline fails must not leave the other workspaces of its partition, or of
 * its chunk, unrated; the failure names the workspace, the request, its file and line; the rerun
 * after a fix rates that workspace alone and ends with the ledger of a run that never failed.
 */
class RatePoisonIntegrationTests {

    /** One partition, two workspaces a chunk: the poisoned workspace shares its chunk and has chunks after it. */
    private static final Map<String, Object> SETTINGS =
            Map.of("billing.rating.partitions", 1, "billing.rating.workspaces-per-chunk", 2);

    private static final String THROUGH = "2026-04-01T00:00:00Z";

    private static final String HEADER = "workspace_id,name,plan,cycle_anchor,custom_allowance,auto_topup,"
            + "topup_threshold,topup_pack,topup_cycle_limit,payment_method\n";

    /**
     * ws-c tops up on its first request; ws-poison's allowance is so close to 2^63 − 1 that the
     * top-up its first request triggers would take its lifetime granted credits past it.
     */
    private static final String WORKSPACES = HEADER + """
            ws-a,A,pro,2026-03-01,,false,,,,
            ws-b,B,pro,2026-03-01,,false,,,,
            ws-c,C,pro,2026-03-01,,true,100000,p1k,,pm_card_visa
            ws-poison,P,enterprise,2026-03-01,9223372036854775000,true,9223372036854775807,p1k,,pm_card_visa
            ws-y,Y,pro,2026-03-01,,false,,,,
            ws-z,Z,pro,2026-03-01,,false,,,,
            """;

    /** The same workspaces, ws-poison's allowance fixed. */
    private static final String FIXED = WORKSPACES.replace("9223372036854775000", "1000");

    private static final String REQUESTS = """
            request_id,occurred_at,workspace_id,kind,model,input_tokens,output_tokens
            a-1,2026-03-02T10:00:00Z,ws-a,chat,lite-1,,
            b-1,2026-03-02T10:00:00Z,ws-b,chat,mega-1,9223372036854775807,0
            b-2,2026-03-02T11:00:00Z,ws-b,chat,mega-1,0,10000000000
            c-1,2026-03-02T10:00:00Z,ws-c,chat,lite-1,,
            p-1,2026-03-02T10:00:00Z,ws-poison,chat,lite-1,,
            p-2,2026-03-03T10:00:00Z,ws-poison,chat,lite-1,,
            y-1,2026-03-02T10:00:00Z,ws-y,chat,lite-1,,
            z-1,2026-03-02T10:00:00Z,ws-z,chat,lite-1,,
            """;

    @TempDir
    Path dir;

    @Test
    void aWorkspaceWhoseTimelineFailsIsSetAsideNamedAndRatedByTheRerunAfterTheFix() throws Exception {
        try (BillingHarness billing = new BillingHarness("poison", SETTINGS);
                BillingHarness clean = new BillingHarness("clean", SETTINGS)) {
            // given a month in which ws-poison's first request fails its timeline
            load(billing, WORKSPACES);
            load(clean, FIXED);
            assertThat(clean.run("rate", "--through", THROUGH).exit()).isZero();
            // when
            Outcome failed = billing.run("rate", "--through", THROUGH);
            // then the run fails naming the workspace, the request, its file and line, in one line
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.err())
                    .contains("1 workspace is not rated (the partition's other workspaces are):"
                            + " workspace ws-poison failed at request p-1 (month.csv line 6): ArithmeticException:"
                            + " long overflow; fix the cause and run the same command again");
            // and every other workspace, ws-c of the same chunk and ws-y, ws-z after it, is rated
            assertThat(ratedWorkspaces(billing)).isEqualTo("ws-a,ws-b,ws-c,ws-y,ws-z");
            assertThat(billing.count("SELECT count(*) FROM rated_request")).isEqualTo(5);
            assertThat(billing.text(
                            "SELECT string_agg(request_id || '=' || reason, ',' ORDER BY line)" + " FROM quarantine"))
                    .isEqualTo("b-2=COST_OVERFLOW");
            assertThat(billing.text("SELECT detail FROM quarantine WHERE request_id = 'b-2'"))
                    .isEqualTo("0 input and 10000000000 output tokens: the cost on mega-1 is 10000000000000000001"
                            + " credits, more than a signed 64-bit integer holds (9223372036854775807)");
            // ws-c's chunk was folded twice, its top-up charged once and answered from the journal the second time
            assertThat(billing.count("SELECT count(*) FROM payment_journal WHERE idempotency_key = 'topup:ws-c:c-1'"))
                    .isEqualTo(2);
            assertThat(billing.count("SELECT count(*) FROM ledger_txn WHERE kind = 'GRANT_TOPUP'"))
                    .isEqualTo(1);

            // when the same command runs again without a fix
            Outcome again = billing.run("rate", "--through", THROUGH);
            // then it fails the same way, and rates nothing twice
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("workspace ws-poison failed at request p-1 (month.csv line 6)");
            assertThat(billing.count("SELECT count(*) FROM rated_request")).isEqualTo(5);

            // when the allowance is fixed and the same command runs again
            billing.expectSuccess(
                    "load", "workspaces", write("fixed.csv", FIXED).toString());
            Outcome fixed = billing.run("rate", "--through", THROUGH);
            // then ws-poison is rated, and the ledger is the one of a run that never failed
            assertThat(fixed.exit()).as(fixed.err()).isZero();
            assertThat(ratedWorkspaces(billing)).isEqualTo("ws-a,ws-b,ws-c,ws-poison,ws-y,ws-z");
            BillingHarness.assertSameExports(clean, billing, dir, "ledger", "balances", "usage", "quarantine");
            assertThat(billing.count("SELECT count(*) FROM payment_journal WHERE idempotency_key LIKE 'topup:ws-c:%'"))
                    .as("no second charge")
                    .isEqualTo(2);
            assertThat(billing.run("check").out()).contains("ledger check passed");
            assertThat(Files.readString(dir.resolve("actual-usage.csv")))
                    .contains("ws-b,2026-03,mega-1,1,92233720368547760\n");
        }
    }

    private void load(BillingHarness billing, String workspaces) throws IOException, URISyntaxException {
        Path catalog =
                Path.of(getClass().getResource("/conformance/hostile-input").toURI());
        for (String what : new String[] {"plans", "packs", "prices"}) {
            billing.expectSuccess("load", what, catalog.resolve(what + ".csv").toString());
        }
        billing.expectSuccess(
                "load", "workspaces", write("workspaces.csv", workspaces).toString());
        billing.expectSuccess("ingest", write("month.csv", REQUESTS).toString());
    }

    private static String ratedWorkspaces(BillingHarness billing) {
        return billing.text("SELECT string_agg(workspace_id, ',' ORDER BY workspace_id) FROM account_state"
                + " WHERE rated_through = '" + THROUGH + "'");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
