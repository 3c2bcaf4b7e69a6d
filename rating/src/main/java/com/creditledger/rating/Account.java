package com.creditledger.rating;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A workspace's rating state between runs: live grants, debt, cycle position, top-up counters,
 * status and lifetime totals. A {@link CreditTimeline} moves it forward; the jobs module stores it.
 *
 * <p>Invariants (SPEC conservation): {@code granted = consumed + expired + balance} and
 * {@code balance = Σ remaining of live grants − debt}.
 */
public final class Account {

    private final String workspaceId;
    private final List<Grant> liveGrants = new ArrayList<>();
    long nextBoundary;
    int grantCount;
    long debt;
    int topupsThisCycle;
    boolean topupSuspended;
    AccountStatus status = AccountStatus.NOT_STARTED;
    Instant statusSince;
    long granted;
    long consumed;
    long expired;
    int topups;

    /** A workspace that has never been rated. */
    public static Account opening(String workspaceId) {
        return new Account(workspaceId);
    }

    private Account(String workspaceId) {
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
    }

    /** Rebuilds a stored state; {@code liveGrants} are those with credits remaining. */
    public static Account restore(
            String workspaceId,
            long nextBoundary,
            int grantCount,
            long debt,
            int topupsThisCycle,
            boolean topupSuspended,
            AccountStatus status,
            Instant statusSince,
            long granted,
            long consumed,
            long expired,
            int topups,
            List<Grant> liveGrants) {
        Account account = new Account(workspaceId);
        account.nextBoundary = nextBoundary;
        account.grantCount = grantCount;
        account.debt = debt;
        account.topupsThisCycle = topupsThisCycle;
        account.topupSuspended = topupSuspended;
        account.status = status;
        account.statusSince = statusSince;
        account.granted = granted;
        account.consumed = consumed;
        account.expired = expired;
        account.topups = topups;
        account.liveGrants.addAll(liveGrants);
        account.liveGrants.sort(Grant.DRAIN_ORDER);
        return account;
    }

    public String workspaceId() {
        return workspaceId;
    }

    /** Σ remaining of live grants − debt; may be negative. */
    public long balance() {
        long remaining = 0;
        for (Grant grant : liveGrants) {
            remaining = Math.addExact(remaining, grant.remaining());
        }
        return Math.subtractExact(remaining, debt);
    }

    /** The live grants in R4 drain order. */
    public List<Grant> liveGrants() {
        return List.copyOf(liveGrants);
    }

    List<Grant> mutableLiveGrants() {
        return liveGrants;
    }

    /** The remaining of the live PLAN grant (0 when none). */
    public long planCredits() {
        return liveGrants.stream()
                .filter(g -> g.kind() == GrantKind.PLAN)
                .mapToLong(Grant::remaining)
                .sum();
    }

    /** The remaining of live PACK, TOPUP and ADJUSTMENT grants. */
    public long purchasedCredits() {
        return liveGrants.stream()
                .filter(g -> g.kind() != GrantKind.PLAN)
                .mapToLong(Grant::remaining)
                .sum();
    }

    /** The index of the next cycle boundary to process (0 before the anchor was reached). */
    public long nextBoundary() {
        return nextBoundary;
    }

    /** How many grants the workspace has ever had; the next grant's number is this plus one. */
    public int grantCount() {
        return grantCount;
    }

    public long debt() {
        return debt;
    }

    public int topupsThisCycle() {
        return topupsThisCycle;
    }

    public boolean topupSuspended() {
        return topupSuspended;
    }

    public AccountStatus status() {
        return status;
    }

    /** The instant the status last changed, or null while NOT_STARTED. */
    public Instant statusSince() {
        return statusSince;
    }

    public long granted() {
        return granted;
    }

    public long consumed() {
        return consumed;
    }

    public long expired() {
        return expired;
    }

    /** Successful auto top-ups, ever. */
    public int topups() {
        return topups;
    }

    /**
     * True when granted = consumed + expired + balance, exactly: consumed and expired may each be
     * near 2^63 − 1 (a debt of that size), so the sum is taken without overflow.
     */
    public boolean conserves() {
        return BigInteger.valueOf(consumed)
                .add(BigInteger.valueOf(expired))
                .add(BigInteger.valueOf(balance()))
                .equals(BigInteger.valueOf(granted));
    }
}
