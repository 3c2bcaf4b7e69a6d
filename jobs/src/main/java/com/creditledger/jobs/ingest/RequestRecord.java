package com.creditledger.jobs.ingest;

import com.creditledger.rating.RequestKind;
import java.time.Instant;
import java.util.UUID;

/**
 * A request log record that passed the ingest checks (SPEC §3, §4 checks 1–8). Absent optional
 * strings are {@code null}; absent token counts are 0.
 *
 * @param requestId {@code request_id}
 * @param occurredAt {@code occurred_at} as an instant
 * @param workspaceId {@code workspace_id}
 * @param userId {@code user_id}, or {@code null}
 * @param kind {@code kind}
 * @param agentId {@code agent_id}, or {@code null}
 * @param automationId {@code automation_id}, or {@code null}
 * @param automationRunId {@code automation_run_id}, or {@code null}
 * @param appId {@code app_id}, or {@code null}
 * @param model {@code model}, or {@code null} (only for {@code app_clone})
 * @param resolvedModel {@code resolved_model}, or {@code null}
 * @param inputTokens {@code input_tokens}, 0 when absent
 * @param outputTokens {@code output_tokens}, 0 when absent
 * @param error whether {@code status} is {@code error}
 * @param publicVisitor whether {@code public_visitor} is the text {@code true}
 * @param fingerprint identifies the record's content as text, see {@link RequestFingerprint}: two
 *     records with the same {@code request_id} are identical exactly when their fingerprints are
 *     equal
 */
public record RequestRecord(
        String requestId,
        Instant occurredAt,
        String workspaceId,
        String userId,
        RequestKind kind,
        String agentId,
        String automationId,
        String automationRunId,
        String appId,
        String model,
        String resolvedModel,
        long inputTokens,
        long outputTokens,
        boolean error,
        boolean publicVisitor,
        UUID fingerprint) {}
