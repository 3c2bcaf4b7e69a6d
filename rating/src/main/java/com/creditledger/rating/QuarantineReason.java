package com.creditledger.rating;

/**
 * Why a request record was quarantined (SPEC §4). The ingest checks run in declaration order up
 * to {@link #DUPLICATE_CONFLICT}; the rest are decided at rating time, also in declaration order.
 */
public enum QuarantineReason {
    MALFORMED_ROW("the line is not UTF-8 text, is badly quoted, has not as many fields as the header, or is not"
            + " one flat JSON object"),
    FIELD_TOO_LONG("a field is longer than 256 characters"),
    MISSING_FIELD("a required field is empty or absent"),
    BAD_TIMESTAMP("occurred_at is not YYYY-MM-DDThh:mm[:ss[.f]] with Z or an offset ±hh:mm"),
    UNKNOWN_KIND("kind is not one of agent_run, automation_run, genesis_build, chat, app_clone"),
    BAD_STATUS("status is neither ok nor error"),
    BAD_NUMBER("a token count is not an integer"),
    NEGATIVE_TOKENS("a token count is negative"),
    DUPLICATE_CONFLICT("the request_id was seen before with different content"),
    UNKNOWN_WORKSPACE("the workspace is not in the loaded workspaces"),
    BEFORE_ACCOUNT_START("the request occurred before the workspace's cycle anchor"),
    NO_PRICE_VERSION("no price version was in effect at occurred_at"),
    UNKNOWN_MODEL("the priced model is not in the price version in effect"),
    /**
     * The exact cost (R1, no overflow in its intermediate products) does not fit in a signed 64-bit
     * integer, or adding it to the workspace's consumed credits would not.
     */
    COST_OVERFLOW("the exact cost, or the workspace's consumed credits with it, does not fit in a signed 64-bit"
            + " integer");

    private final String description;

    QuarantineReason(String description) {
        this.description = description;
    }

    /** One sentence for people: what was wrong. */
    public String description() {
        return description;
    }
}
