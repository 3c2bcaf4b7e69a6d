package com.creditledger.jobs.ingest;

import java.util.List;

/**
 * The 15 contract fields of a request log record (SPEC §3), in the fixed SPEC order. The order is
 * part of the fingerprint encoding ({@link RequestFingerprint}) and must never change.
 */
public final class RequestFields {

    /** {@code request_id}, required. */
    public static final String REQUEST_ID = "request_id";
    /** {@code occurred_at}, required. */
    public static final String OCCURRED_AT = "occurred_at";
    /** {@code workspace_id}, required. */
    public static final String WORKSPACE_ID = "workspace_id";
    /** {@code user_id}, optional. */
    public static final String USER_ID = "user_id";
    /** {@code kind}, required. */
    public static final String KIND = "kind";
    /** {@code agent_id}, optional. */
    public static final String AGENT_ID = "agent_id";
    /** {@code automation_id}, optional. */
    public static final String AUTOMATION_ID = "automation_id";
    /** {@code automation_run_id}, optional. */
    public static final String AUTOMATION_RUN_ID = "automation_run_id";
    /** {@code app_id}, optional. */
    public static final String APP_ID = "app_id";
    /** {@code model}, required unless kind is {@code app_clone}. */
    public static final String MODEL = "model";
    /** {@code resolved_model}, optional. */
    public static final String RESOLVED_MODEL = "resolved_model";
    /** {@code input_tokens}, optional, default 0. */
    public static final String INPUT_TOKENS = "input_tokens";
    /** {@code output_tokens}, optional, default 0. */
    public static final String OUTPUT_TOKENS = "output_tokens";
    /** {@code status}, optional, {@code ok} (default) or {@code error}. */
    public static final String STATUS = "status";
    /** {@code public_visitor}, optional, {@code true} for a public agent visitor. */
    public static final String PUBLIC_VISITOR = "public_visitor";

    /** All contract fields in SPEC order. */
    public static final List<String> ALL = List.of(
            REQUEST_ID,
            OCCURRED_AT,
            WORKSPACE_ID,
            USER_ID,
            KIND,
            AGENT_ID,
            AUTOMATION_ID,
            AUTOMATION_RUN_ID,
            APP_ID,
            MODEL,
            RESOLVED_MODEL,
            INPUT_TOKENS,
            OUTPUT_TOKENS,
            STATUS,
            PUBLIC_VISITOR);

    /** The number of contract fields. */
    public static final int COUNT = 15;

    // indexes into ALL, used internally for array-based access
    static final int I_REQUEST_ID = 0;
    static final int I_OCCURRED_AT = 1;
    static final int I_WORKSPACE_ID = 2;
    static final int I_USER_ID = 3;
    static final int I_KIND = 4;
    static final int I_AGENT_ID = 5;
    static final int I_AUTOMATION_ID = 6;
    static final int I_AUTOMATION_RUN_ID = 7;
    static final int I_APP_ID = 8;
    static final int I_MODEL = 9;
    static final int I_RESOLVED_MODEL = 10;
    static final int I_INPUT_TOKENS = 11;
    static final int I_OUTPUT_TOKENS = 12;
    static final int I_STATUS = 13;
    static final int I_PUBLIC_VISITOR = 14;

    private RequestFields() {}

    /** The index of a contract field in {@link #ALL}, or -1 for an unknown name. */
    static int indexOf(String name) {
        return switch (name) {
            case REQUEST_ID -> I_REQUEST_ID;
            case OCCURRED_AT -> I_OCCURRED_AT;
            case WORKSPACE_ID -> I_WORKSPACE_ID;
            case USER_ID -> I_USER_ID;
            case KIND -> I_KIND;
            case AGENT_ID -> I_AGENT_ID;
            case AUTOMATION_ID -> I_AUTOMATION_ID;
            case AUTOMATION_RUN_ID -> I_AUTOMATION_RUN_ID;
            case APP_ID -> I_APP_ID;
            case MODEL -> I_MODEL;
            case RESOLVED_MODEL -> I_RESOLVED_MODEL;
            case INPUT_TOKENS -> I_INPUT_TOKENS;
            case OUTPUT_TOKENS -> I_OUTPUT_TOKENS;
            case STATUS -> I_STATUS;
            case PUBLIC_VISITOR -> I_PUBLIC_VISITOR;
            default -> -1;
        };
    }
}
