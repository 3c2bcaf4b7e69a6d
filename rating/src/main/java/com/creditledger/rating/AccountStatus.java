package com.creditledger.rating;

/** A workspace's credit status (SPEC R8). */
public enum AccountStatus {
    /** Balance above zero. */
    ACTIVE,
    /** At or below zero but within the plan's overdraft. */
    GRACE,
    /** At or below zero and past any overdraft: the gateway refuses new requests. */
    OUT_OF_CREDITS,
    /** The workspace's cycle anchor is not reached yet. */
    NOT_STARTED;

    /** The status a balance gives on a plan with the given overdraft (R8). */
    public static AccountStatus of(long balance, long overdraftCredits) {
        if (balance > 0) {
            return ACTIVE;
        }
        if (overdraftCredits > 0 && balance > -overdraftCredits) {
            return GRACE;
        }
        return OUT_OF_CREDITS;
    }
}
