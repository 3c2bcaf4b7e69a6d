package com.creditledger.rating;

import com.creditledger.rating.TimelineListener.Draw;
import com.creditledger.rating.catalog.AutoTopup;
import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.payment.PaymentGateway;
import com.creditledger.rating.price.PriceBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds one workspace's timeline into its {@link Account}, strictly in SPEC §5 order.
 *
 * <p>A run processes, before {@code through}: expiries of PACK/TOPUP/ADJUSTMENT grants (class 0,
 * by expiry then creation order), cycle boundaries (class 1, R2), purchases (class 2, R5) and
 * requests (class 3, R1, R3, R4, R6), re-evaluating the status (R8) after every event that moves
 * the balance. Splitting a period into several runs gives the same account as one run, because
 * every event carries its own processing instant (R9).
 */
public final class CreditTimeline {

    private final Workspace workspace;
    private final Plan plan;
    private final Map<String, Pack> packs;
    private final PriceBook prices;
    private final PaymentGateway gateway;
    private final TimelineListener listener;
    private final Instant start;

    public CreditTimeline(
            Workspace workspace,
            Plan plan,
            Map<String, Pack> packs,
            PriceBook prices,
            PaymentGateway gateway,
            TimelineListener listener) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.packs = Objects.requireNonNull(packs, "packs");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.start = CycleCalendar.boundary(workspace.cycleAnchor(), 0);
    }

    /**
     * Processes every event before {@code through}: the given loaded events (all of which must
     * have {@code processAt} before {@code through}) and the expiries and boundaries they fall
     * between.
     *
     * @throws TimelineException when processing fails, naming the request, purchase, boundary or
     *     expiry it failed at; the account is then half-processed and must be thrown away
     */
    public void run(Account account, List<? extends TimelineEvent> events, Instant through) {
        int doing = ORDERING;
        TimelineEvent event = null;
        Grant expiring = null;
        Instant at = null;
        try {
            List<TimelineEvent> loaded = inOrder(events);
            int next = 0;
            long boundaryIndex = -1;
            Instant boundary = null;
            while (true) {
                doing = CHOOSING;
                expiring = nextExpiring(account);
                if (boundaryIndex != account.nextBoundary) { // computed once per cycle, not per event
                    boundaryIndex = account.nextBoundary;
                    boundary = CycleCalendar.boundary(workspace.cycleAnchor(), boundaryIndex);
                }
                event = next < loaded.size() ? loaded.get(next) : null;
                if (event != null && !event.processAt().isBefore(through)) {
                    throw new IllegalArgumentException("event " + event.id() + " is processed at " + event.processAt()
                            + ", not before " + through);
                }
                at = earliest(expiring == null ? null : expiring.expiresAt(), boundary, event, through);
                if (at == null) {
                    doing = CLOSING;
                    if (!account.conserves()) { // pair assertion: billing check proves the same from postings
                        throw new IllegalStateException("credits not conserved: granted " + account.granted
                                + " != consumed " + account.consumed + " + expired " + account.expired
                                + " + balance " + account.balance());
                    }
                    return;
                }
                if (expiring != null && expiring.expiresAt().equals(at)) {
                    doing = EXPIRING;
                    expire(account, expiring, at);
                } else if (boundary.equals(at)) {
                    doing = CROSSING;
                    crossBoundary(account, at);
                } else if (event instanceof PurchaseEvent purchase) {
                    doing = PROCESSING;
                    purchase(account, purchase);
                    next++;
                } else {
                    doing = PROCESSING;
                    request(account, (RequestEvent) event);
                    next++;
                }
            }
        } catch (RuntimeException e) {
            String id = workspace.id();
            throw switch (doing) {
                case PROCESSING -> TimelineException.at(id, event, e);
                case EXPIRING -> TimelineException.at(id, "expiry of grant " + expiring.number(), at, e);
                case CROSSING -> TimelineException.at(id, "cycle boundary " + account.nextBoundary, at, e);
                case CHOOSING -> TimelineException.at(id, "choosing the next event", null, e);
                case CLOSING -> TimelineException.at(id, "the end of its timeline", through, e);
                default -> TimelineException.at(id, "ordering its events", null, e);
            };
        }
    }

    /** What {@link #run} is doing, for the failure it throws: it names where it failed. */
    private static final int ORDERING = 0;

    private static final int CHOOSING = 1;
    private static final int EXPIRING = 2;
    private static final int CROSSING = 3;
    private static final int PROCESSING = 4;
    private static final int CLOSING = 5;

    /**
     * The events in {@link TimelineEvent#ORDER}, sorted the cheap way where it can be: their {@code processAt}
     * microseconds, relative to the earliest and packed with their index into one {@code long},
     * go through a primitive sort (no comparator, no pointer chasing), and only runs of equal
     * microseconds are then sorted by {@code ORDER} (which tells apart instants within a
     * microsecond). Events spread over more than about 50 days or more than two million of them are
     * sorted by {@code ORDER} alone.
     */
    static List<TimelineEvent> inOrder(List<? extends TimelineEvent> events) {
        int n = events.size();
        long[] keys = new long[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean packable = n < 1 << INDEX_BITS;
        for (int i = 0; i < n && packable; i++) {
            Instant at = events.get(i).processAt();
            long seconds = at.getEpochSecond();
            packable = Math.abs(seconds) < 1L << 40; // 35,000 years: no overflow
            keys[i] = seconds * 1_000_000L + at.getNano() / 1000; // rounded down: ORDER sorts within a microsecond
            min = Math.min(min, keys[i]);
            max = Math.max(max, keys[i]);
        }
        if (!packable || max - min >= 1L << (63 - INDEX_BITS)) {
            List<TimelineEvent> sorted = new ArrayList<>(events);
            sorted.sort(TimelineEvent.ORDER);
            return sorted;
        }
        for (int i = 0; i < n; i++) {
            keys[i] = (keys[i] - min) << INDEX_BITS | i;
        }
        Arrays.sort(keys);
        TimelineEvent[] sorted = new TimelineEvent[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = events.get((int) (keys[k] & ((1 << INDEX_BITS) - 1)));
        }
        for (int start = 0, k = 1; k <= n; k++) { // ties on processAt: class, own instant, id
            if (k == n || keys[k] >>> INDEX_BITS != keys[start] >>> INDEX_BITS) {
                if (k - start > 1) {
                    Arrays.sort(sorted, start, k, TimelineEvent.ORDER);
                }
                start = k;
            }
        }
        return Arrays.asList(sorted);
    }

    /** Bits of an index in {@link #inOrder}'s packed keys; the other 42 hold microseconds (50.9 days). */
    private static final int INDEX_BITS = 21;

    private static Instant earliest(Instant expiry, Instant boundary, TimelineEvent event, Instant through) {
        Instant at = null;
        if (expiry != null && expiry.isBefore(through)) {
            at = expiry;
        }
        if (boundary.isBefore(through) && (at == null || boundary.isBefore(at))) {
            at = boundary;
        }
        if (event != null && (at == null || event.processAt().isBefore(at))) {
            at = event.processAt();
        }
        return at;
    }

    private static Grant nextExpiring(Account account) {
        Grant first = null;
        for (Grant grant : account.mutableLiveGrants()) {
            if (grant.kind() == GrantKind.PLAN || grant.expiresAt() == null) {
                continue;
            }
            if (first == null
                    || grant.expiresAt().isBefore(first.expiresAt())
                    || (grant.expiresAt().equals(first.expiresAt()) && grant.number() < first.number())) {
                first = grant;
            }
        }
        return first;
    }

    private void expire(Account account, Grant grant, Instant at) {
        long amount = grant.take(grant.remaining());
        account.mutableLiveGrants().remove(grant);
        account.expired = Math.addExact(account.expired, amount);
        listener.expired(account, grant, amount, at);
        updateStatus(account, at);
    }

    /** R2: the live PLAN grant expires, the cycle's counters reset, a new PLAN grant is made. */
    private void crossBoundary(Account account, Instant at) {
        for (Iterator<Grant> it = account.mutableLiveGrants().iterator(); it.hasNext(); ) {
            Grant grant = it.next();
            if (grant.kind() == GrantKind.PLAN) {
                long amount = grant.take(grant.remaining());
                it.remove();
                account.expired = Math.addExact(account.expired, amount);
                listener.expired(account, grant, amount, at);
            }
        }
        account.topupsThisCycle = 0;
        account.topupSuspended = false;
        long k = account.nextBoundary;
        Instant end = CycleCalendar.boundary(workspace.cycleAnchor(), k + 1);
        grant(account, GrantKind.PLAN, workspace.monthlyAllowance(plan), at, end, "cycle:" + k);
        account.nextBoundary = k + 1;
        updateStatus(account, at);
    }

    /** R5. */
    private void purchase(Account account, PurchaseEvent purchase) {
        Pack pack = pack(purchase.packId());
        Instant at = purchase.processAt();
        grant(account, GrantKind.PACK, pack.grantedCredits(), at, plan.packExpiry(at), purchase.purchaseId());
        updateStatus(account, at);
    }

    /** R1, R4 and R6, after the rating-time checks of SPEC §4. */
    private void request(Account account, RequestEvent request) {
        Pricing pricing = Pricing.ofWorkspaceStarting(request, start, plan, prices);
        if (pricing instanceof Pricing.Rejected rejected) {
            listener.quarantined(account, request, rejected);
            return;
        }
        Pricing.Priced priced = (Pricing.Priced) pricing;
        long cost = priced.cost();
        if (cost > Long.MAX_VALUE - account.consumed) { // the last check of §4; consumed is never negative
            listener.quarantined(
                    account,
                    request,
                    new Pricing.Rejected(
                            QuarantineReason.COST_OVERFLOW,
                            "the workspace has consumed " + account.consumed + " credits; with this request's " + cost
                                    + " that is more than a signed 64-bit integer holds (" + Long.MAX_VALUE + ")"));
            return;
        }
        List<Draw> draws = new ArrayList<>(2);
        long owed = cost;
        for (Iterator<Grant> it = account.mutableLiveGrants().iterator(); it.hasNext() && owed > 0; ) {
            Grant grant = it.next();
            long taken = grant.take(owed);
            owed -= taken;
            if (taken > 0) {
                draws.add(new Draw(grant.number(), grant.kind(), taken));
            }
            if (grant.remaining() == 0) {
                it.remove();
            }
        }
        account.debt = Math.addExact(account.debt, owed);
        account.consumed = Math.addExact(account.consumed, cost);
        listener.rated(account, request, priced, draws, owed);
        if (cost > 0) {
            Instant at = request.processAt();
            updateStatus(account, at);
            topUpIfNeeded(account, request, at);
        }
    }

    /** R6: at most one charge right after a debit, never while suspended or past the cycle limit. */
    private void topUpIfNeeded(Account account, RequestEvent trigger, Instant at) {
        AutoTopup topup = workspace.autoTopup();
        if (topup == null
                || account.topupSuspended
                || (topup.cycleLimit() != null && account.topupsThisCycle >= topup.cycleLimit())
                || account.balance() >= topup.threshold()) {
            return;
        }
        Pack pack = pack(topup.packId());
        ChargeRequest charge = new ChargeRequest(
                ChargeRequest.topupKey(workspace.id(), trigger.requestId()),
                workspace.id(),
                trigger.requestId(),
                pack.id(),
                pack.priceMinor(),
                pack.currency(),
                topup.paymentMethod(),
                topup.customer());
        ChargeResult result = gateway.charge(charge);
        listener.topupCharged(account, trigger, at, charge, result);
        if (result.succeeded()) {
            account.topupsThisCycle = Math.incrementExact(account.topupsThisCycle);
            account.topups = Math.incrementExact(account.topups);
            grant(account, GrantKind.TOPUP, pack.grantedCredits(), at, plan.packExpiry(at), charge.idempotencyKey());
            updateStatus(account, at);
        } else if (result.outcome() == ChargeResult.Outcome.DECLINED) {
            account.topupSuspended = true;
        }
    }

    /** R3: a new grant repays debt first; what is left is its remaining. */
    private void grant(Account account, GrantKind kind, long amount, Instant at, Instant expiresAt, String reference) {
        long repaid = Math.min(account.debt, amount);
        account.debt -= repaid;
        account.grantCount = Math.addExact(account.grantCount, 1);
        Grant grant = new Grant(account.grantCount, kind, amount, amount - repaid, at, expiresAt, reference);
        account.granted = Math.addExact(account.granted, amount);
        if (grant.remaining() > 0) {
            List<Grant> live = account.mutableLiveGrants();
            int index = 0;
            while (index < live.size() && Grant.DRAIN_ORDER.compare(live.get(index), grant) <= 0) {
                index++;
            }
            live.add(index, grant);
        }
        listener.granted(account, grant, repaid);
    }

    /** R8: the status follows the balance; its {@code since} moves only when it changes. */
    private void updateStatus(Account account, Instant at) {
        AccountStatus status = AccountStatus.of(account.balance(), plan.overdraftCredits());
        if (status != account.status) {
            account.status = status;
            account.statusSince = at;
            listener.statusChanged(account, status, at);
        }
    }

    private Pack pack(String packId) {
        Pack pack = packs.get(packId);
        if (pack == null) {
            throw new IllegalStateException("workspace " + workspace.id() + " refers to unknown pack " + packId);
        }
        return pack;
    }
}
