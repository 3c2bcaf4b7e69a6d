package com.creditledger.rating;

/** Where a grant's credits came from (SPEC §2). */
public enum GrantKind {
    /** The cycle's allowance (R2); expires at the next boundary. */
    PLAN,
    /** A one-time pack purchase (R5). */
    PACK,
    /** An automatic top-up charged to the stored payment method (R6). */
    TOPUP,
    /** A manual goodwill credit or correction by support. */
    ADJUSTMENT
}
