package com.creditledger.jobs.topup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The journal's rules on a real PostgreSQL, with a clock the test moves. */
class JournaledPaymentGatewayIntegrationTests {

    /** A processor that answers from a script and records what it was asked. */
    static final class ScriptedProcessor implements PaymentProcessor {
        final List<String> calls = new ArrayList<>();
        ChargeAttempt answer = ChargeAttempt.succeeded("pi_1");
        Optional<ChargeAttempt> found = Optional.empty();

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public ChargeAttempt charge(ChargeRequest request) {
            calls.add("charge " + request.idempotencyKey());
            return answer;
        }

        @Override
        public Optional<ChargeAttempt> find(ChargeRequest request, Instant since) {
            calls.add("find " + request.idempotencyKey());
            return found;
        }
    }

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private BillingHarness billing;
    private final ScriptedProcessor processor = new ScriptedProcessor();
    private final MovableClock clock = new MovableClock();
    private JournaledPaymentGateway gateway;

    static ChargeRequest topup() {
        return new ChargeRequest("topup:ws-1:r1", "ws-1", "r1", "p1k", 1000, "USD", "pm_card_visa", "cus_1");
    }

    @BeforeEach
    void setUp() {
        billing = new BillingHarness("journal", Map.of());
        assertThat(billing.run("check").exit()).isZero(); // creates the schema
        DriverManagerDataSource dataSource = new DriverManagerDataSource(billing.url());
        PaymentJournal journal =
                new PaymentJournal(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), clock);
        gateway = new JournaledPaymentGateway(processor, journal, clock);
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    @Test
    void aSucceededKeyIsAnsweredFromTheJournalWithoutCalling() {
        // given a charged top-up
        assertThat(gateway.charge(topup()).succeeded()).isTrue();
        // when the rerun asks again
        ChargeResult again = gateway.charge(topup());
        // then
        assertThat(again).isEqualTo(ChargeResult.succeeded("pi_1"));
        assertThat(processor.calls).containsExactly("charge topup:ws-1:r1");
    }

    @Test
    void anUnknownOutcomeFailsAndIsCalledAgainWithTheSameKey() {
        // given no answer the first time
        processor.answer = ChargeAttempt.unknown("read timed out");
        assertThatThrownBy(() -> gateway.charge(topup())).isInstanceOf(PaymentOutcomeUnknownException.class);
        // when the gateway answers the rerun
        processor.answer = ChargeAttempt.succeeded("pi_1");
        clock.now = clock.now.plus(Duration.ofHours(1));
        ChargeResult result = gateway.charge(topup());
        // then
        assertThat(result.succeeded()).isTrue();
        assertThat(processor.calls).containsExactly("charge topup:ws-1:r1", "charge topup:ws-1:r1");
        assertThat(billing.count("SELECT count(*) FROM payment_journal")).isEqualTo(4);
    }

    @Test
    void pastTheKeyRetentionTheChargeIsLookedUpBeforeAnyNewAttempt() {
        // given a top-up left unknown a day ago
        processor.answer = ChargeAttempt.unknown("connection reset");
        assertThatThrownBy(() -> gateway.charge(topup())).isInstanceOf(PaymentOutcomeUnknownException.class);
        clock.now = clock.now.plus(Duration.ofHours(24));
        processor.found = Optional.of(ChargeAttempt.succeeded("pi_found"));
        // when
        ChargeResult result = gateway.charge(topup());
        // then it was found at the gateway, not charged again
        assertThat(result).isEqualTo(ChargeResult.succeeded("pi_found"));
        assertThat(processor.calls).containsExactly("charge topup:ws-1:r1", "find topup:ws-1:r1");
    }

    @Test
    void pastTheKeyRetentionANotFoundChargeIsAttemptedOnce() {
        // given
        processor.answer = ChargeAttempt.unknown("connection reset");
        assertThatThrownBy(() -> gateway.charge(topup())).isInstanceOf(PaymentOutcomeUnknownException.class);
        clock.now = clock.now.plus(Duration.ofHours(30));
        processor.answer = ChargeAttempt.declined("pi_2", "card_declined", "insufficient_funds", "declined");
        // when
        ChargeResult result = gateway.charge(topup());
        // then
        assertThat(result).isEqualTo(ChargeResult.declined("pi_2", "insufficient_funds"));
        assertThat(processor.calls)
                .containsExactly("charge topup:ws-1:r1", "find topup:ws-1:r1", "charge topup:ws-1:r1");
        assertThat(billing.execute("UPDATE payment_journal SET status = 'SUCCEEDED'"))
                .contains("append-only");
    }
}
