package com.creditledger.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.rating.catalog.AutoTopup;
import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.payment.PaymentGateway;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceBook;
import com.creditledger.rating.price.PriceVersion;
import com.creditledger.rating.price.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CreditTimelineTests {

    // fixtures

    static final Instant V1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant V2 = Instant.parse("2026-03-01T00:00:00Z");

    static PriceBook prices() {
        return new PriceBook(List.of(
                new PriceVersion(
                        "v1",
                        V1,
                        Map.of(
                                "lite", new ModelPrice("lite", Tier.LIGHTWEIGHT, 10, 0, 0),
                                "big", new ModelPrice("big", Tier.FRONTIER, 100, 1, 4))),
                new PriceVersion(
                        "v2",
                        V2,
                        Map.of(
                                "lite", new ModelPrice("lite", Tier.LIGHTWEIGHT, 20, 0, 0),
                                "big", new ModelPrice("big", Tier.FRONTIER, 200, 1, 4)))));
    }

    static Plan pro() {
        return new Plan("pro", 1000L, 0, null, "big");
    }

    static Plan max() {
        return new Plan("max", 1000L, 500, null, "big");
    }

    static Plan free() {
        return new Plan("free", 100L, 0, 10, "lite");
    }

    static Map<String, Pack> packs() {
        return Map.of("p1k", new Pack("p1k", 1000, 0, 1000, "USD"), "p5k", new Pack("p5k", 5000, 250, 4750, "USD"));
    }

    static Workspace workspace(String plan, String anchor) {
        return new Workspace("ws", "Workspace", plan, LocalDate.parse(anchor), null, null);
    }

    static Workspace withTopup(String plan, String anchor, long threshold, Integer limit, String paymentMethod) {
        return new Workspace(
                "ws",
                "Workspace",
                plan,
                LocalDate.parse(anchor),
                null,
                new AutoTopup(threshold, "p1k", limit, paymentMethod, null));
    }

    /** A request that costs {@code cost} under v1: lite is always 10, big is 100 plus 4 per 1k output tokens. */
    static RequestEvent request(String id, String at, String model, long cost) {
        long outputTokens = 0;
        if (model.equals("lite")) {
            assertThat(cost).isEqualTo(10);
        } else {
            assertThat(cost).isGreaterThanOrEqualTo(100);
            outputTokens = (cost - 100) * 250;
        }
        return new RequestEvent(
                id, Instant.parse(at), Instant.parse(at), RequestKind.CHAT, model, null, 0, outputTokens, false);
    }

    static RequestEvent late(String id, String occurredAt, String processAt, String model) {
        return new RequestEvent(
                id, Instant.parse(occurredAt), Instant.parse(processAt), RequestKind.CHAT, model, null, 0, 0, false);
    }

    static PurchaseEvent purchase(String id, String at, String pack) {
        return new PurchaseEvent(id, Instant.parse(at), Instant.parse(at), pack);
    }

    /** A gateway that records charges and declines payment methods starting with "decline". */
    static final class RecordingGateway implements PaymentGateway {
        final List<ChargeRequest> charges = new ArrayList<>();

        @Override
        public ChargeResult charge(ChargeRequest request) {
            charges.add(request);
            if (request.paymentMethod().startsWith("hold")) {
                return ChargeResult.held("idempotency_error");
            }
            return request.paymentMethod().startsWith("decline")
                    ? ChargeResult.declined("pi_" + charges.size(), "card_declined")
                    : ChargeResult.succeeded("pi_" + charges.size());
        }
    }

    static final class Recording implements TimelineListener {
        final List<String> log = new ArrayList<>();

        @Override
        public void granted(Account account, Grant grant, long debtRepaid) {
            log.add(grant.grantedAt() + " grant " + grant.kind() + " " + grant.amount() + " repaid " + debtRepaid);
        }

        @Override
        public void expired(Account account, Grant grant, long amount, Instant at) {
            log.add(at + " expire " + grant.kind() + " " + amount);
        }

        @Override
        public void rated(
                Account account, RequestEvent request, Pricing.Priced pricing, List<Draw> draws, long uncovered) {
            log.add(request.processAt() + " rate " + request.requestId() + " " + pricing.cost() + " " + draws + " debt+"
                    + uncovered);
        }

        @Override
        public void quarantined(Account account, RequestEvent request, Pricing.Rejected rejection) {
            log.add("quarantine " + request.requestId() + " " + rejection.reason());
        }

        @Override
        public void statusChanged(Account account, AccountStatus status, Instant at) {
            log.add(at + " status " + status);
        }
    }

    private final RecordingGateway gateway = new RecordingGateway();
    private final Recording recording = new Recording();

    private Account run(Workspace workspace, Plan plan, List<? extends TimelineEvent> events, String through) {
        Account account = Account.opening(workspace.id());
        run(account, workspace, plan, events, through);
        return account;
    }

    private void run(
            Account account, Workspace workspace, Plan plan, List<? extends TimelineEvent> events, String through) {
        run(account, workspace, plan, prices(), events, through);
    }

    private void run(
            Account account,
            Workspace workspace,
            Plan plan,
            PriceBook prices,
            List<? extends TimelineEvent> events,
            String through) {
        new CreditTimeline(workspace, plan, packs(), prices, gateway, recording)
                .run(account, events, Instant.parse(through));
        assertThat(account.conserves())
                .as("granted = consumed + expired + balance")
                .isTrue();
    }

    // R2 cycles

    @Test
    void notStartedBeforeTheAnchor() {
        // given a workspace anchored after the run
        // when
        Account account = run(workspace("pro", "2026-02-01"), pro(), List.of(), "2026-02-01T00:00:00Z");
        // then
        assertThat(account.status()).isEqualTo(AccountStatus.NOT_STARTED);
        assertThat(account.statusSince()).isNull();
        assertThat(account.balance()).isZero();
    }

    @Test
    void eachBoundaryExpiresThePlanGrantAndGrantsANewOne() {
        // given an anchor on the 31st, three boundaries before the run's end
        // when
        Account account = run(workspace("pro", "2026-01-31"), pro(), List.of(), "2026-04-01T00:00:00Z");
        // then Jan 31, Feb 28, Mar 31 granted 1000 each, two expired whole
        assertThat(account.granted()).isEqualTo(3000);
        assertThat(account.expired()).isEqualTo(2000);
        assertThat(account.planCredits()).isEqualTo(1000);
        assertThat(account.liveGrants().get(0).expiresAt()).isEqualTo(Instant.parse("2026-04-30T00:00:00Z"));
        assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(account.statusSince()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
    }

    @Test
    void debtIsCarriedAcrossTheBoundaryAndRepaidFirst() {
        // given 1000 credits and 1200 consumed in the first cycle
        List<RequestEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(request("r" + i, "2026-01-0" + (i + 2) + "T00:00:00Z", "big", 200));
        }
        // when
        Account account = run(workspace("pro", "2026-01-01"), pro(), events, "2026-02-15T00:00:00Z");
        // then 200 of the February grant repaid the debt
        assertThat(account.consumed()).isEqualTo(1200);
        assertThat(account.debt()).isZero();
        assertThat(account.balance()).isEqualTo(800);
        assertThat(recording.log).contains("2026-02-01T00:00:00Z grant PLAN 1000 repaid 200");
        assertThat(recording.log).contains("2026-01-06T00:00:00Z status OUT_OF_CREDITS");
        assertThat(account.statusSince()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    // class order at one instant

    @Test
    void atOneInstantExpiryComesBeforeTheBoundaryBeforeThePurchaseBeforeTheRequest() {
        // given on the free plan packs expire after 10 days; a pack bought Jan 22 expires at the Feb 1 boundary
        Workspace workspace = workspace("free", "2026-01-01");
        List<TimelineEvent> events = List.of(
                purchase("pack-a", "2026-01-22T00:00:00Z", "p1k"),
                request("r1", "2026-02-01T00:00:00Z", "lite", 10),
                purchase("pack-b", "2026-02-01T00:00:00Z", "p1k"));
        // when
        run(workspace, free(), events, "2026-02-02T00:00:00Z");
        // then
        List<String> feb1 = recording.log.stream()
                .filter(line -> line.startsWith("2026-02-01T00:00:00Z"))
                .toList();
        assertThat(feb1)
                .containsExactly(
                        "2026-02-01T00:00:00Z expire PACK 1000",
                        "2026-02-01T00:00:00Z expire PLAN 100",
                        "2026-02-01T00:00:00Z grant PLAN 100 repaid 0",
                        "2026-02-01T00:00:00Z grant PACK 1000 repaid 0",
                        "2026-02-01T00:00:00Z rate r1 10 [Draw[grantNumber=4, kind=PACK, amount=10]] debt+0");
        // (the new pack expires Feb 11, before the plan grant's Mar 1, so it is drained first)
    }

    @Test
    void requestsAtOneInstantRunByRequestIdOrdinally() {
        // given two requests at one instant whose ids sort differently by code point and by locale
        Workspace workspace = workspace("pro", "2026-01-01");
        List<TimelineEvent> events = List.of(
                request("b", "2026-01-05T00:00:00Z", "lite", 10),
                request("B", "2026-01-05T00:00:00Z", "lite", 10),
                request("a", "2026-01-05T00:00:00Z", "lite", 10));
        // when
        run(workspace, pro(), events, "2026-01-06T00:00:00Z");
        // then upper case sorts first by code point
        assertThat(recording.log.stream().filter(l -> l.contains(" rate ")).map(l -> l.split(" ")[2]))
                .containsExactly("B", "a", "b");
    }

    // R4 drain order

    @Test
    void drainTakesTheSoonestExpiringGrantFirstAndNeverExpiringLast() {
        // given on pro packs never expire; the plan grant expires at the next boundary
        Workspace workspace = workspace("pro", "2026-01-01");
        List<TimelineEvent> events = List.of(
                purchase("pack", "2026-01-02T00:00:00Z", "p1k"), request("r1", "2026-01-03T00:00:00Z", "big", 100));
        // when
        Account account = run(workspace, pro(), events, "2026-01-04T00:00:00Z");
        // then the plan paid
        assertThat(account.planCredits()).isEqualTo(900);
        assertThat(account.purchasedCredits()).isEqualTo(1000);
    }

    @Test
    void packExpiringBeforeThePlanIsDrainedFirst() {
        // given on free a pack bought Jan 25 expires Feb 4, after the plan's Feb 1
        // and a pack bought Jan 20 expires Jan 30, before it
        Workspace workspace = workspace("free", "2026-01-01");
        List<TimelineEvent> events = List.of(
                purchase("early", "2026-01-20T00:00:00Z", "p1k"), request("r1", "2026-01-21T00:00:00Z", "lite", 10));
        // when
        Account account = run(workspace, free(), events, "2026-01-22T00:00:00Z");
        // then
        assertThat(account.purchasedCredits()).isEqualTo(990);
        assertThat(account.planCredits()).isEqualTo(100);
    }

    // R3, R5

    @Test
    void aPackRepaysDebtFirst() {
        // given a workspace 100 in debt
        Workspace workspace = workspace("free", "2026-01-01");
        List<TimelineEvent> events = List.of(
                request("r1", "2026-01-02T00:00:00Z", "big", 200), purchase("pack", "2026-01-03T00:00:00Z", "p1k"));
        // when
        Account account = run(workspace, free(), events, "2026-01-04T00:00:00Z");
        // then
        assertThat(account.debt()).isZero();
        assertThat(account.purchasedCredits()).isEqualTo(900);
        assertThat(account.liveGrants().get(0).expiresAt()).isEqualTo(Instant.parse("2026-01-13T00:00:00Z"));
    }

    // R6 auto top-up

    @Test
    void topUpWhenTheBalanceFallsBelowTheThresholdButNotAtIt() {
        // given threshold 800: after 200 the balance is exactly 800, after 300 it is 700
        Workspace workspace = withTopup("pro", "2026-01-01", 800, null, "pm_card_visa");
        List<TimelineEvent> events = List.of(
                request("r1", "2026-01-02T00:00:00Z", "big", 100),
                request("r2", "2026-01-02T00:00:01Z", "big", 100),
                request("r3", "2026-01-02T00:00:02Z", "big", 100));
        // when
        Account account = run(workspace, pro(), events, "2026-01-03T00:00:00Z");
        // then exactly one charge, keyed by the triggering request
        assertThat(gateway.charges).extracting(ChargeRequest::idempotencyKey).containsExactly("topup:ws:r3");
        assertThat(gateway.charges.get(0).amountMinor()).isEqualTo(1000);
        assertThat(account.topups()).isEqualTo(1);
        assertThat(account.balance()).isEqualTo(1700);
    }

    @Test
    void theCycleLimitCapsSuccessfulTopUpsAndResetsAtTheBoundary() {
        // given limit 2 and a threshold that every request crosses
        Workspace workspace = withTopup("pro", "2026-01-01", 100_000, 2, "pm_card_visa");
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(request("a" + i, "2026-01-0" + (i + 1) + "T00:00:00Z", "lite", 10));
        }
        events.add(request("b1", "2026-02-02T00:00:00Z", "lite", 10));
        // when
        Account account = run(workspace, pro(), events, "2026-02-03T00:00:00Z");
        // then two in January, one more in February
        assertThat(gateway.charges).extracting(ChargeRequest::requestId).containsExactly("a1", "a2", "b1");
        assertThat(account.topupsThisCycle()).isEqualTo(1);
    }

    @Test
    void aDeclineSuspendsTopUpsUntilTheNextBoundary() {
        // given a declining card
        Workspace workspace = withTopup("pro", "2026-01-01", 100_000, null, "decline_me");
        List<TimelineEvent> events = List.of(
                request("a1", "2026-01-02T00:00:00Z", "lite", 10),
                request("a2", "2026-01-03T00:00:00Z", "lite", 10),
                request("b1", "2026-02-02T00:00:00Z", "lite", 10));
        // when
        Account account = run(workspace, pro(), events, "2026-02-03T00:00:00Z");
        // then one attempt per cycle, no grant
        assertThat(gateway.charges).extracting(ChargeRequest::requestId).containsExactly("a1", "b1");
        assertThat(account.topups()).isZero();
        assertThat(account.topupSuspended()).isTrue();
    }

    @Test
    void aHeldChargeGrantsNothingButDoesNotSuspend() {
        // given a gateway that holds every charge for review
        Workspace workspace = withTopup("pro", "2026-01-01", 100_000, null, "hold_me");
        List<TimelineEvent> events = List.of(
                request("a1", "2026-01-02T00:00:00Z", "lite", 10), request("a2", "2026-01-03T00:00:00Z", "lite", 10));
        // when
        Account account = run(workspace, pro(), events, "2026-01-04T00:00:00Z");
        // then each request still tries (with its own key); nothing was granted
        assertThat(gateway.charges)
                .extracting(ChargeRequest::idempotencyKey)
                .containsExactly("topup:ws:a1", "topup:ws:a2");
        assertThat(account.topups()).isZero();
        assertThat(account.topupSuspended()).isFalse();
        assertThat(account.balance()).isEqualTo(980);
    }

    @Test
    void noTopUpAfterAFreeRequest() {
        // given an app clone (free) while below the threshold
        Workspace workspace = withTopup("pro", "2026-01-01", 100_000, null, "pm_card_visa");
        RequestEvent clone = new RequestEvent(
                "c1",
                Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"),
                RequestKind.APP_CLONE,
                null,
                null,
                0,
                0,
                false);
        // when
        run(workspace, pro(), List.of(clone), "2026-01-03T00:00:00Z");
        // then
        assertThat(gateway.charges).isEmpty();
    }

    // R8 status

    @Test
    void overdraftGivesGraceUntilItIsUsedUp() {
        // given max: 1000 credits, 500 overdraft
        Workspace workspace = workspace("max", "2026-01-01");
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(request("r" + i, "2026-01-02T00:00:0" + i + "Z", "big", 200));
        }
        // when
        Account account = run(workspace, max(), events, "2026-01-03T00:00:00Z");
        // then 1000 → 0 (GRACE) → -400 (GRACE) → -600 (OUT)
        assertThat(recording.log)
                .contains("2026-01-02T00:00:04Z status GRACE", "2026-01-02T00:00:07Z status OUT_OF_CREDITS");
        assertThat(account.balance()).isEqualTo(-600);
        assertThat(account.status()).isEqualTo(AccountStatus.OUT_OF_CREDITS);
    }

    @Test
    void aDipToZeroToppedUpAtOnceLeavesStatusSinceAtThatInstant() {
        // given 1000 credits, a top-up below 1 credit
        Workspace workspace = withTopup("pro", "2026-01-01", 1, null, "pm_card_visa");
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(request("r" + i, "2026-01-02T00:00:0" + i + "Z", "big", 100));
        }
        // when
        Account account = run(workspace, pro(), events, "2026-01-03T00:00:00Z");
        // then the tenth request empties the plan, the top-up refills it at the same instant
        assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(account.statusSince()).isEqualTo(Instant.parse("2026-01-02T00:00:09Z"));
        assertThat(account.balance()).isEqualTo(1000);
    }

    // R1 pricing and rating-time checks

    @Test
    void aLateRequestIsProcessedAtTheWatermarkButPricedByItsOwnInstant() {
        // given a request from February (v1) processed in March (v2)
        Workspace workspace = workspace("pro", "2026-01-01");
        RequestEvent request = late("r1", "2026-02-27T00:00:00Z", "2026-03-02T00:00:00Z", "lite");
        // when
        Account account = run(workspace, pro(), List.of(request), "2026-03-03T00:00:00Z");
        // then it cost 10 (v1), drawn from March's plan grant
        assertThat(account.consumed()).isEqualTo(10);
        assertThat(account.planCredits()).isEqualTo(990);
    }

    @Test
    void ratingTimeChecksRunInSpecOrder() {
        // given
        Workspace workspace = workspace("pro", "2026-02-01");
        Plan plan = pro();
        PriceBook prices = prices();
        RequestEvent early = late("early", "2025-12-01T00:00:00Z", "2026-02-02T00:00:00Z", "unknown");
        RequestEvent unknownModel = late("m", "2026-02-02T00:00:00Z", "2026-02-02T00:00:00Z", "gpt-9");
        RequestEvent auto = late("auto", "2026-02-02T00:00:00Z", "2026-02-02T00:00:00Z", "auto");
        // when / then
        assertThat(Pricing.of(early, null, plan, prices))
                .isEqualTo(new Pricing.Rejected(QuarantineReason.UNKNOWN_WORKSPACE));
        assertThat(Pricing.of(early, workspace, plan, prices))
                .isEqualTo(new Pricing.Rejected(QuarantineReason.BEFORE_ACCOUNT_START));
        assertThat(Pricing.of(unknownModel, workspace, plan, prices))
                .isEqualTo(new Pricing.Rejected(QuarantineReason.UNKNOWN_MODEL));
        assertThat(((Pricing.Priced) Pricing.of(auto, workspace, plan, prices)).pricedModel())
                .isEqualTo("big");
        assertThat(Pricing.of(
                        late("old", "2026-02-02T00:00:00Z", "2026-02-02T00:00:00Z", "lite"),
                        workspace("pro", "2025-01-01"),
                        plan,
                        new PriceBook(List.of())))
                .isEqualTo(new Pricing.Rejected(QuarantineReason.NO_PRICE_VERSION));
    }

    @Test
    void anErrorCostsNothingButStillNeedsAPrice() {
        // given
        Workspace workspace = workspace("pro", "2026-01-01");
        RequestEvent error = new RequestEvent(
                "e",
                Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"),
                RequestKind.CHAT,
                "big",
                null,
                5000,
                5000,
                true);
        RequestEvent unpriced = new RequestEvent(
                "u",
                Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"),
                RequestKind.CHAT,
                "nope",
                null,
                0,
                0,
                true);
        // when
        Account account = run(workspace, pro(), List.of(error, unpriced), "2026-01-03T00:00:00Z");
        // then
        assertThat(account.consumed()).isZero();
        assertThat(recording.log).contains("quarantine u UNKNOWN_MODEL");
    }

    @Test
    void aGrantBeyondLongFailsNamingTheBoundaryNeverWraps() {
        // given an allowance that overflows the lifetime total on the second cycle
        Workspace workspace = new Workspace("ws", "Big", "ent", LocalDate.parse("2026-01-01"), Long.MAX_VALUE, null);
        Plan enterprise = new Plan("ent", null, 0, null, "big");
        // when / then
        assertThatThrownBy(() -> run(workspace, enterprise, List.of(), "2026-02-02T00:00:00Z"))
                .isInstanceOf(TimelineException.class)
                .hasMessage(
                        "workspace ws: cycle boundary 1 at 2026-02-01T00:00:00Z: ArithmeticException: long overflow")
                .hasCauseInstanceOf(ArithmeticException.class);
    }

    // SPEC §4 COST_OVERFLOW

    /** v1 of {@link #prices()} and mega: 1 per request, 10 per 1k input, 10^12 per 1k output. */
    static PriceBook megaPrices() {
        return new PriceBook(List.of(new PriceVersion(
                "v1",
                V1,
                Map.of(
                        "lite", new ModelPrice("lite", Tier.LIGHTWEIGHT, 10, 0, 0),
                        "mega", new ModelPrice("mega", Tier.FRONTIER, 1, 10, 1_000_000_000_000L)))));
    }

    static RequestEvent tokens(String id, String at, String model, long input, long output, boolean error) {
        return new RequestEvent(
                id, Instant.parse(at), Instant.parse(at), RequestKind.CHAT, model, null, input, output, error);
    }

    @Test
    void aCostBeyondALongIsQuarantinedAndTheWorkspaceGoesOn() {
        // given a request whose exact cost, 10^19 + 1, is past 2^63 − 1, and one whose product is
        // past 64 bits but whose cost fits
        Workspace workspace = workspace("pro", "2026-01-01");
        List<TimelineEvent> events = List.of(
                tokens("huge", "2026-01-02T00:00:00Z", "mega", 0, 10_000_000_000L, false),
                tokens("exact", "2026-01-02T00:00:01Z", "mega", Long.MAX_VALUE, 0, false),
                request("after", "2026-01-02T00:00:02Z", "lite", 10));
        Account account = Account.opening("ws");
        // when
        run(account, workspace, pro(), megaPrices(), events, "2026-01-03T00:00:00Z");
        // then
        assertThat(recording.log)
                .contains("quarantine huge COST_OVERFLOW")
                .anyMatch(line -> line.contains("rate exact 92233720368547760 "))
                .anyMatch(line -> line.contains("rate after 10 "));
        assertThat(account.consumed()).isEqualTo(92_233_720_368_547_770L);
    }

    @Test
    void aCostThatWouldTakeConsumedPastALongIsQuarantined() {
        // given two requests of 4,611,686,019,000,000,001 credits each: the second takes consumed past 2^63 − 1
        Workspace workspace = workspace("pro", "2026-01-01");
        List<TimelineEvent> events = List.of(
                tokens("first", "2026-01-02T00:00:00Z", "mega", 0, 4_611_686_019L, false),
                tokens("second", "2026-01-02T00:00:01Z", "mega", 0, 4_611_686_019L, false),
                request("small", "2026-01-02T00:00:02Z", "lite", 10));
        Account account = Account.opening("ws");
        // when
        run(account, workspace, pro(), megaPrices(), events, "2026-01-03T00:00:00Z");
        // then the second is never charged; what comes after it still is
        assertThat(recording.log)
                .contains("quarantine second COST_OVERFLOW")
                .anyMatch(line -> line.contains("rate small 10 "));
        assertThat(account.consumed()).isEqualTo(4_611_686_019_000_000_011L);
        assertThat(account.debt()).isEqualTo(4_611_686_019_000_000_011L - 1000);
    }

    @Test
    void costOverflowComesAfterTheOtherChecksAndAnErrorCostsNothingAtAnySize() {
        // given hostile token counts on an unknown model, on an error, and on a free app clone
        Workspace workspace = workspace("pro", "2026-01-01");
        Plan plan = pro();
        PriceBook prices = megaPrices();
        RequestEvent unknown = tokens("u", "2026-01-02T00:00:00Z", "gpt-9", 0, Long.MAX_VALUE, false);
        RequestEvent error = tokens("e", "2026-01-02T00:00:00Z", "mega", Long.MAX_VALUE, Long.MAX_VALUE, true);
        RequestEvent early = tokens("b", "2025-12-31T00:00:00Z", "mega", 0, Long.MAX_VALUE, false);
        RequestEvent clone = new RequestEvent(
                "c",
                Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"),
                RequestKind.APP_CLONE,
                null,
                null,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                false);
        // when / then
        assertThat(Pricing.of(unknown, workspace, plan, prices))
                .isEqualTo(new Pricing.Rejected(QuarantineReason.UNKNOWN_MODEL));
        assertThat(Pricing.of(early, workspace, plan, prices))
                .isEqualTo(new Pricing.Rejected(QuarantineReason.BEFORE_ACCOUNT_START));
        assertThat(((Pricing.Priced) Pricing.of(error, workspace, plan, prices)).cost())
                .isZero();
        assertThat(((Pricing.Priced) Pricing.of(clone, workspace, plan, prices)).cost())
                .isZero();
        assertThat(Pricing.of(
                        tokens("o", "2026-01-02T00:00:00Z", "mega", 0, Long.MAX_VALUE, false), workspace, plan, prices))
                .isInstanceOfSatisfying(
                        Pricing.Rejected.class,
                        rejected -> assertThat(rejected.detail())
                                .startsWith("0 input and 9223372036854775807 output tokens: the cost on mega is "));
    }

    @Test
    void conservationIsCheckedExactlyAtTheEdgesOfALong() {
        // given 1000 granted and expired, and 2^63 − 1 consumed, all of it debt: consumed + expired is past a long
        Account account = Account.restore(
                "ws",
                1,
                1,
                Long.MAX_VALUE,
                0,
                false,
                AccountStatus.OUT_OF_CREDITS,
                V1,
                1000,
                Long.MAX_VALUE,
                1000,
                0,
                List.of());
        Account off = Account.restore(
                "ws",
                1,
                1,
                Long.MAX_VALUE,
                0,
                false,
                AccountStatus.OUT_OF_CREDITS,
                V1,
                1000,
                Long.MAX_VALUE,
                999,
                0,
                List.of());
        // when / then
        assertThat(account.balance()).isEqualTo(-Long.MAX_VALUE);
        assertThat(account.conserves()).isTrue();
        assertThat(off.conserves()).isFalse();
    }

    @Test
    void aTimelineThatEndsWithoutConservingCreditsFails() {
        // given a stored account whose totals disagree with its grants (granted 1000, nothing left)
        Account off =
                Account.restore("ws", 1, 1, 0, 0, false, AccountStatus.OUT_OF_CREDITS, V1, 1000, 999, 0, 0, List.of());
        Workspace workspace = new Workspace("ws", "W", "free", LocalDate.parse("2026-01-01"), null, null);
        // when / then the end of the timeline says so, naming the workspace
        assertThatThrownBy(() -> new CreditTimeline(workspace, free(), packs(), prices(), gateway, recording)
                        .run(off, List.of(), Instant.parse("2026-01-15T00:00:00Z")))
                .isInstanceOf(TimelineException.class)
                .hasMessage("workspace ws: the end of its timeline at 2026-01-15T00:00:00Z: IllegalStateException:"
                        + " credits not conserved: granted 1000 != consumed 999 + expired 0 + balance 0");
    }

    @Test
    void aFailureNamesTheRequestItHappenedAt() {
        // given a top-up whose grant would take the lifetime granted credits past 2^63 − 1
        Workspace workspace = new Workspace(
                "ws-big",
                "Big",
                "ent",
                LocalDate.parse("2026-01-01"),
                Long.MAX_VALUE - 500,
                new AutoTopup(Long.MAX_VALUE, "p1k", null, "pm_card_visa", null));
        Plan enterprise = new Plan("ent", null, 0, null, "lite");
        // when / then
        assertThatThrownBy(() -> run(
                        workspace,
                        enterprise,
                        List.of(request("r1", "2026-01-02T00:00:00Z", "lite", 10)),
                        "2026-01-03T00:00:00Z"))
                .isInstanceOfSatisfying(TimelineException.class, e -> {
                    assertThat(e.workspaceId()).isEqualTo("ws-big");
                    assertThat(e.requestId()).isEqualTo("r1");
                    assertThat(e.purchaseId()).isNull();
                })
                .hasMessage("workspace ws-big: request r1 (processed at 2026-01-02T00:00:00Z): ArithmeticException:"
                        + " long overflow");
    }

    // R9

    @Test
    void splittingTheRunAnywhereGivesTheSameAccount() {
        // given random traffic with purchases and top-ups
        SplittableRandom random = new SplittableRandom(7);
        Workspace workspace = withTopup("free", "2026-01-15", 50, 3, "pm_card_visa");
        List<TimelineEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2026-01-10T00:00:00Z");
        for (int i = 0; i < 200; i++) {
            Instant at = start.plusSeconds(random.nextLong(90L * 86_400));
            if (random.nextInt(20) == 0) {
                events.add(new PurchaseEvent("p" + i, at, at, "p5k"));
            } else {
                events.add(new RequestEvent(
                        String.format("r%04d", i),
                        at,
                        at,
                        RequestKind.CHAT,
                        random.nextBoolean() ? "lite" : "big",
                        null,
                        random.nextLong(3000),
                        random.nextLong(3000),
                        random.nextInt(20) == 0));
            }
        }
        String end = "2026-04-20T00:00:00Z";
        Account whole = run(workspace, free(), events, end);
        // when the same events are rated in three runs
        Account split = Account.opening("ws");
        Instant[] cuts = {
            Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-15T12:34:56Z"), Instant.parse(end)
        };
        Instant from = Instant.MIN;
        for (Instant cut : cuts) {
            Instant lower = from;
            List<TimelineEvent> slice = events.stream()
                    .filter(e -> !e.processAt().isBefore(lower) && e.processAt().isBefore(cut))
                    .toList();
            run(split, workspace, free(), slice, cut.toString());
            from = cut;
        }
        // then
        assertThat(split.balance()).isEqualTo(whole.balance());
        assertThat(split.consumed()).isEqualTo(whole.consumed());
        assertThat(split.expired()).isEqualTo(whole.expired());
        assertThat(split.topups()).isEqualTo(whole.topups());
        assertThat(split.status()).isEqualTo(whole.status());
        assertThat(split.statusSince()).isEqualTo(whole.statusSince());
        assertThat(split.grantCount()).isEqualTo(whole.grantCount());
        assertThat(whole.topups()).isPositive();
        assertThat(whole.expired()).isPositive();
    }

    @Test
    void eventsAreTakenInTheOrderOfTheComparatorHoweverTheyAreSpreadOrTied() {
        SplittableRandom random = new SplittableRandom(7);
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        // spreads within the packed sort's 50 days and beyond it, and instants finer than a microsecond
        for (long spreadSeconds : new long[] {60, 86_400 * 30L, 86_400 * 400L}) {
            for (boolean nanos : new boolean[] {false, true}) {
                List<TimelineEvent> events = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    // few distinct instants, so ties on processAt are many and broken by class, own instant, id
                    Instant processAt = base.plusSeconds(random.nextLong(spreadSeconds) / 10 * 10)
                            .plusNanos(nanos && i == 0 ? 1 : 0);
                    Instant own = processAt.minusSeconds(random.nextInt(3));
                    events.add(
                            random.nextInt(10) == 0
                                    ? new PurchaseEvent("p" + random.nextInt(500), own, processAt, "pack")
                                    : new RequestEvent(
                                            "r" + random.nextInt(500),
                                            own,
                                            processAt,
                                            RequestKind.CHAT,
                                            "lite",
                                            null,
                                            0,
                                            0,
                                            false));
                }
                List<TimelineEvent> expected = new ArrayList<>(events);
                expected.sort(TimelineEvent.ORDER);
                assertThat(CreditTimeline.inOrder(events))
                        .as("spread %d s, sub-microsecond %s", spreadSeconds, nanos)
                        .containsExactlyElementsOf(expected);
            }
        }
        assertThat(CreditTimeline.inOrder(List.of())).isEmpty();
    }
}
