package com.creditledger.benchmarks;

import com.creditledger.rating.Account;
import com.creditledger.rating.AccountStatus;
import com.creditledger.rating.CreditTimeline;
import com.creditledger.rating.Grant;
import com.creditledger.rating.GrantKind;
import com.creditledger.rating.Pricing;
import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.TimelineListener;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.payment.PaymentGateway;
import com.creditledger.rating.price.PriceBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot domain path of the rate job: pricing one request, and pricing plus draining one request
 * through {@link CreditTimeline}. Both report nanoseconds per request.
 *
 * <p>Run with {@code scripts/jmh} (all) or {@code scripts/jmh RatingBenchmark.price}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Duser.timezone=UTC"})
public class RatingBenchmark {

    /** Requests per {@link #priceAndDrain} invocation: one workspace's day. */
    static final int REQUESTS = 1000;

    /** Distinct requests {@link #price} cycles through, so neither branches nor the version lookup are constant. */
    static final int PRICE_MIX = 1024;

    // price

    @State(Scope.Thread)
    public static class PriceState {
        PriceBook prices;
        Plan plan;
        Instant start;
        RequestEvent[] requests;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            prices = Fixtures.priceBook();
            plan = Fixtures.plan();
            start = Instant.parse("2026-01-15T00:00:00Z");
            requests = new RequestEvent[PRICE_MIX];
            SplittableRandom random = new SplittableRandom(42);
            // spread over the year, so every price version is looked up
            Instant from = Instant.parse("2026-01-15T00:00:00Z");
            long span = Duration.between(from, Instant.parse("2026-12-31T00:00:00Z"))
                    .toSeconds();
            for (int i = 0; i < PRICE_MIX; i++) {
                Instant at = from.plusSeconds(random.nextLong(span));
                requests[i] = Fixtures.request(random, "req-" + i, at);
                if (!(Pricing.ofWorkspaceStarting(requests[i], start, plan, prices) instanceof Pricing.Priced)) {
                    throw new IllegalStateException("fixture request is not priced: " + requests[i]);
                }
            }
        }
    }

    /** Price lookup (version in effect, priced model, model price) and cost of one request. */
    @Benchmark
    public Pricing price(PriceState state) {
        RequestEvent request = state.requests[state.next++ & (PRICE_MIX - 1)];
        return Pricing.ofWorkspaceStarting(request, state.start, state.plan, state.prices);
    }

    // price and drain

    @State(Scope.Thread)
    public static class DrainState {
        static final long PLAN_CREDITS = 1_000_000_000_000_000L;

        final ConsumingListener listener = new ConsumingListener();
        CreditTimeline timeline;
        List<RequestEvent> events;
        Instant through;
        Account account;

        @Setup(Level.Trial)
        public void setUpTrial() {
            Workspace workspace = Fixtures.workspace();
            timeline = new CreditTimeline(
                    workspace, Fixtures.plan(), Fixtures.packs(), Fixtures.priceBook(), new NeverCharged(), listener);
            // one workspace's day in cycle 2 (2026-03-15 .. 2026-04-15), in processing order
            Instant day = Instant.parse("2026-03-20T00:00:00Z");
            SplittableRandom random = new SplittableRandom(7);
            List<RequestEvent> list = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                list.add(Fixtures.request(random, String.format("req-%05d", i), day.plusSeconds(i * 86L)));
            }
            events = List.copyOf(list);
            through = day.plus(Duration.ofDays(1));
        }

        /**
         * A fresh account per iteration: a PLAN grant large enough never to be drained within one
         * iteration, so every request draws from the same first grant and no grant is removed,
         * plus a pack, a top-up and an adjustment that the timeline orders, sums and checks on
         * every request.
         */
        @Setup(Level.Iteration)
        public void setUpIteration() {
            List<Grant> grants = List.of(
                    new Grant(4, GrantKind.ADJUSTMENT, 500, 500, Instant.parse("2026-01-20T10:00:00Z"), null, "adj-1"),
                    new Grant(
                            5,
                            GrantKind.PACK,
                            22_000,
                            22_000,
                            Instant.parse("2026-02-03T12:00:00Z"),
                            Instant.parse("2027-02-03T12:00:00Z"),
                            "pur-1"),
                    new Grant(
                            6,
                            GrantKind.TOPUP,
                            5250,
                            5250,
                            Instant.parse("2026-03-02T08:00:00Z"),
                            Instant.parse("2027-03-02T08:00:00Z"),
                            "topup:ws-bench:req-0"),
                    new Grant(
                            7,
                            GrantKind.PLAN,
                            PLAN_CREDITS,
                            PLAN_CREDITS,
                            Instant.parse("2026-03-15T00:00:00Z"),
                            Instant.parse("2026-04-15T00:00:00Z"),
                            "cycle:2"));
            long granted = 0;
            for (Grant grant : grants) {
                granted += grant.amount();
            }
            account = Account.restore(
                    "ws-bench",
                    3,
                    7,
                    0,
                    1,
                    false,
                    AccountStatus.ACTIVE,
                    Instant.parse("2026-01-15T00:00:00Z"),
                    granted,
                    0,
                    0,
                    1,
                    grants);
        }

        /** Fails the run if the measured path changed: a grant ran out, debt, a status change. */
        @TearDown(Level.Iteration)
        public void checkPath() {
            if (account.liveGrants().size() != 4
                    || account.debt() != 0
                    || account.status() != AccountStatus.ACTIVE
                    || !account.conserves()) {
                throw new IllegalStateException("the measured path changed: " + account.liveGrants() + " debt "
                        + account.debt() + " " + account.status());
            }
        }
    }

    /**
     * {@value #REQUESTS} requests of one workspace through {@link CreditTimeline#run}: per request
     * the price, the drain over the live grants in R4 order, the status check and the auto top-up
     * check, plus the run's own per-event work (ordering, next expiry, next boundary).
     */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public void priceAndDrain(DrainState state, Blackhole blackhole) {
        state.listener.blackhole = blackhole;
        state.timeline.run(state.account, state.events, state.through);
        blackhole.consume(state.account);
    }

    /** Hands what a rated request produced to the blackhole; anything else is off the measured path. */
    static final class ConsumingListener implements TimelineListener {
        Blackhole blackhole;

        @Override
        public void rated(
                Account account, RequestEvent request, Pricing.Priced pricing, List<Draw> draws, long uncovered) {
            blackhole.consume(pricing);
            blackhole.consume(draws);
            blackhole.consume(uncovered);
        }

        @Override
        public void quarantined(Account account, RequestEvent request, Pricing.Rejected rejection) {
            throw new IllegalStateException(
                    "fixture request quarantined: " + request.requestId() + " " + rejection.reason());
        }

        @Override
        public void granted(Account account, Grant grant, long debtRepaid) {
            throw new IllegalStateException("unexpected grant " + grant);
        }

        @Override
        public void expired(Account account, Grant grant, long amount, Instant at) {
            throw new IllegalStateException("unexpected expiry of " + grant);
        }

        @Override
        public void statusChanged(Account account, AccountStatus status, Instant at) {
            throw new IllegalStateException("unexpected status " + status);
        }
    }

    /** The balance never falls below the top-up threshold, so no charge is ever attempted. */
    static final class NeverCharged implements PaymentGateway {
        @Override
        public ChargeResult charge(ChargeRequest request) {
            throw new IllegalStateException("unexpected top-up charge " + request.idempotencyKey());
        }
    }
}
