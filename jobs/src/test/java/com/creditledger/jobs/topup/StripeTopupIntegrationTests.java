package com.creditledger.jobs.topup;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Auto top-ups through the Stripe adapter against a fake Stripe on loopback: exactly one charge
 * and at most one grant per top-up, whatever fails, and the API key never written anywhere.
 */
class StripeTopupIntegrationTests {

    static final String API_KEY = "sk_test_51SecretKeyThatMustNeverBeLogged";
    static final String KEY = "topup:ws-s:r1";

    @TempDir
    Path dir;

    private FakeStripe stripe;
    private BillingHarness billing;
    private Path suite;

    @BeforeEach
    void setUp() throws IOException, URISyntaxException {
        stripe = new FakeStripe();
        suite = Path.of(getClass().getResource("/conformance").toURI());
    }

    @AfterEach
    void tearDown() {
        stripe.close();
        if (billing != null) {
            billing.close();
        }
    }

    private BillingHarness billing(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "billing.stripe.api-key",
                API_KEY,
                "billing.stripe.api-base",
                stripe.url(),
                "billing.stripe.retry-backoff",
                "10ms",
                "billing.rating.partitions",
                2));
        settings.putAll(extra);
        billing = new BillingHarness("stripe", settings);
        return billing;
    }

    /** One pro workspace with 5000 credits whose first request (2 credits) falls below its 5000 threshold. */
    private void loadWorkspace(String paymentMethod) throws IOException {
        Path topup = suite.resolve("topup");
        for (String what : new String[] {"plans", "packs", "prices"}) {
            assertThat(billing.run("load", what, topup.resolve(what + ".csv").toString())
                            .exit())
                    .isZero();
        }
        Path workspaces = dir.resolve("workspaces.csv");
        Files.writeString(
                workspaces,
                "workspace_id,name,plan,cycle_anchor,custom_allowance,auto_topup,topup_threshold,topup_pack,"
                        + "topup_cycle_limit,payment_method,stripe_customer\n"
                        + "ws-s,Stripe test,pro,2026-10-01,,true,5000,p1k,," + paymentMethod + ",cus_test_1\n");
        assertThat(billing.run("load", "workspaces", workspaces.toString()).exit())
                .isZero();
        Path requests = dir.resolve("requests.csv");
        Files.writeString(requests, """
                request_id,occurred_at,workspace_id,kind,model
                r1,2026-10-01T01:00:00Z,ws-s,chat,lite-1
                r2,2026-10-01T02:00:00Z,ws-s,chat,lite-1
                """);
        assertThat(billing.run("ingest", requests.toString()).exit()).isZero();
    }

    private Outcome rate() {
        return billing.run("rate", "--through", "2026-10-02T00:00:00Z");
    }

    private long topupGrants() {
        return billing.count("SELECT count(*) FROM ledger_txn WHERE kind = 'GRANT_TOPUP'");
    }

    @Test
    void aSuccessfulChargeGrantsTheTopUpOnceAndIsJournaled() throws IOException {
        // given
        billing(Map.of());
        loadWorkspace("pm_card_visa");
        // when
        Outcome outcome = rate();
        // then
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(stripe.charges()).isEqualTo(1);
        assertThat(stripe.calls(KEY)).isEqualTo(1);
        assertThat(topupGrants()).isEqualTo(1);
        assertThat(billing.count("SELECT balance FROM account_state")).isEqualTo(5000 - 2 - 2 + 1000);
        assertThat(billing.count("SELECT count(*) FROM topup_attempt WHERE payment_ref LIKE 'pi_fake_%'"))
                .isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM payment_journal WHERE idempotency_key = '" + KEY + "'"))
                .as("PENDING then SUCCEEDED")
                .isEqualTo(2);
        assertThat(stripe.authorizations()).allMatch(header -> header.equals("Bearer " + API_KEY));
    }

    @Test
    void aCardDeclineGrantsNothingSuspendsAndNotifies() throws IOException {
        // given
        billing(Map.of());
        loadWorkspace("pm_card_chargeDeclinedInsufficientFunds");
        // when
        Outcome outcome = rate();
        // then r2 does not try again: top-ups are suspended until the next boundary
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(topupGrants()).isZero();
        assertThat(stripe.calls("topup:ws-s:r2")).isZero();
        assertThat(billing.count("SELECT count(*) FROM account_state WHERE topup_suspended"))
                .isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM notification WHERE kind = 'TOPUP_DECLINED'"
                        + " AND reason LIKE '%insufficient_funds%'"))
                .isEqualTo(1);
    }

    @Test
    void authenticationRequiredIsADecline() throws IOException {
        // given
        billing(Map.of());
        loadWorkspace("pm_card_authenticationRequired");
        // when
        rate();
        // then
        assertThat(topupGrants()).isZero();
        assertThat(billing.count("SELECT count(*) FROM payment_journal WHERE status = 'DECLINED'"
                        + " AND error_code = 'authentication_required'"))
                .isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM account_state WHERE topup_suspended"))
                .isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedWithTheSameKey() throws IOException {
        // given
        billing(Map.of());
        loadWorkspace("pm_card_visa");
        stripe.next(new FakeStripe.ServerError());
        // when
        Outcome outcome = rate();
        // then
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(stripe.calls(KEY)).isEqualTo(2);
        assertThat(stripe.charges()).isEqualTo(1);
        assertThat(topupGrants()).isEqualTo(1);
    }

    @Test
    void anAnswerLostToTheReadTimeoutIsRecoveredByTheRerunWithoutASecondCharge() throws IOException {
        // given the charge succeeds at Stripe but the answer comes after the client gave up, with no retries left
        billing(Map.of("billing.stripe.read-timeout", "300ms", "billing.stripe.max-retries", 0));
        loadWorkspace("pm_card_visa");
        stripe.next(new FakeStripe.SlowAnswer(Duration.ofMillis(1500)));
        // when
        Outcome failed = rate();
        Outcome rerun = rate();
        // then the first run failed without granting (the gateway threw inside the timeline, with the
        // chunk's rated rows in an open COPY, which was cancelled and rolled back); the rerun asked
        // again with the same key
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("did not answer for top-up " + KEY).contains("Run the same command again");
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(stripe.calls(KEY)).isEqualTo(2);
        assertThat(stripe.charges()).isEqualTo(1);
        assertThat(topupGrants()).isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM payment_journal WHERE status = 'UNKNOWN'"))
                .isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM rated_request")).isEqualTo(2);
    }

    @Test
    void anIdempotencyErrorIsHeldForReviewNeverRetriedUnderANewKey() throws IOException {
        // given
        billing(Map.of());
        loadWorkspace("pm_card_visa");
        stripe.next(new FakeStripe.IdempotencyError());
        // when
        Outcome outcome = rate();
        // then r1's top-up is held (no grant, no suspension); r2, a new trigger, charges under its own key
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(stripe.calls(KEY)).isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM notification WHERE kind = 'TOPUP_HELD'"))
                .isEqualTo(1);
        assertThat(billing.count("SELECT count(*) FROM payment_journal WHERE status = 'HELD'"))
                .isEqualTo(1);
        assertThat(stripe.calls("topup:ws-s:r2")).isEqualTo(1);
        assertThat(topupGrants()).isEqualTo(1);
        Path notifications = dir.resolve("notifications.csv");
        assertThat(billing.run("export", "notifications", "--out", notifications.toString())
                        .exit())
                .isZero();
        assertThat(Files.readString(notifications)).contains("ws-s,2026-10-01T01:00:00Z,TOPUP_HELD");
    }

    @Test
    void theTopupScenarioGivesTheSameBalancesThroughStripe() throws IOException {
        // given the conformance scenario, run against the fake Stripe
        billing(Map.of());
        Path scenario = dir.resolve("topup");
        FileSystemUtils.copyRecursively(suite.resolve("topup"), scenario);
        FileSystemUtils.deleteRecursively(scenario.resolve("out"));
        // when
        Outcome outcome = billing.run("script", scenario.resolve("script.txt").toString());
        // then
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(Files.readString(scenario.resolve("out/balances.csv")))
                .isEqualTo(Files.readString(scenario.resolve("expected/balances.csv")));
        assertThat(stripe.charges()).isEqualTo(billing.count("SELECT sum(topups) FROM account_state"));
    }

    @Test
    void theApiKeyIsNeverWrittenAnywhereEvenAtDebug() throws IOException {
        // given everything logged, and a run that charges, declines and retries
        billing(Map.of());
        loadWorkspace("pm_card_visa");
        stripe.next(new FakeStripe.ServerError());
        Path out = dir.resolve("exports");
        // when
        StringBuilder written = new StringBuilder();
        Outcome rated;
        System.setProperty("logging.level.root", "DEBUG");
        System.setProperty("logging.level.com.creditledger", "TRACE");
        try {
            rated = rate();
        } finally {
            System.clearProperty("logging.level.root");
            System.clearProperty("logging.level.com.creditledger");
        }
        written.append(rated.out()).append(rated.err());
        for (String export : new String[] {"balances", "ledger", "notifications", "quarantine"}) {
            Outcome exported = billing.run(
                    "export", export, "--out", out.resolve(export + ".csv").toString());
            written.append(exported.out()).append(exported.err());
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.toList()) {
                written.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        written.append(billing.text("SELECT string_agg(parameter_value, ' ') FROM batch_job_execution_params"));
        written.append(billing.text("SELECT string_agg(short_context || coalesce(serialized_context, ''), ' ')"
                + " FROM batch_step_execution_context"));
        written.append(billing.text("SELECT string_agg(coalesce(exit_message, ''), ' ') FROM batch_job_execution"));
        written.append(billing.text("SELECT string_agg(coalesce(message, ''), ' ') FROM payment_journal"));
        // then
        assertThat(rated.exit()).isZero();
        assertThat(rated.err()).as("DEBUG logging was on").contains("DEBUG");
        assertThat(written.toString()).doesNotContain("sk_").doesNotContain("SecretKeyThatMustNeverBeLogged");
    }
}
