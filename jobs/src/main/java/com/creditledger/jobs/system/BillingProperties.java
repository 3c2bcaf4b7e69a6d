package com.creditledger.jobs.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code billing.*}; see {@code config/application.example.yml}.
 *
 * @param rating how rating runs
 * @param stripe the Stripe gateway for auto top-ups; without an API key a simulated gateway is used
 * @param nightly the nightly run: inbox, outbox, schedule
 */
@ConfigurationProperties("billing")
public record BillingProperties(
        @DefaultValue Rating rating,
        @DefaultValue Stripe stripe,
        @DefaultValue Nightly nightly) {

    /**
     * @param partitions parallel rating partitions (workspace hash classes); 0 means one per core, at
     *     most 8 (each takes two pooled connections)
     * @param workspacesPerChunk workspaces rated and committed together in one transaction
     */
    public record Rating(
            @DefaultValue("0") int partitions,
            @DefaultValue("500") int workspacesPerChunk) {

        public Rating {
            if (partitions < 0 || workspacesPerChunk < 1) {
                throw new IllegalArgumentException(
                        "billing.rating.partitions must be >= 0 and billing.rating.workspaces-per-chunk >= 1");
            }
        }

        public int effectivePartitions() {
            return partitions > 0
                    ? partitions
                    : Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * @param apiKey the secret key (env BILLING_STRIPE_API_KEY); never logged or reported
     * @param apiBase where the API is (env BILLING_STRIPE_API_BASE), for tests and proxies
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for an answer; a charge without one is retried with its key
     * @param maxRetries retries after a network error, 429 or 5xx, always with the same idempotency key
     * @param retryBackoff the first wait before a retry; it doubles with each retry
     */
    public record Stripe(
            String apiKey,
            @DefaultValue("https://api.stripe.com") String apiBase,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("3") int maxRetries,
            @DefaultValue("500ms") Duration retryBackoff) {

        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }

        @Override
        public String toString() {
            return "Stripe[apiKey=" + (enabled() ? "***" : "unset") + ", apiBase=" + apiBase + ", connectTimeout="
                    + connectTimeout + ", readTimeout=" + readTimeout + ", maxRetries=" + maxRetries + "]";
        }
    }

    /**
     * @param inbox where new request logs arrive; each is moved to {@code processed/} or {@code
     *     failed/} beside it once handled
     * @param outbox where the nightly run writes the status feed and the day's exports
     * @param schedule when {@code billing serve} runs the nightly job (cron, UTC)
     */
    public record Nightly(
            @DefaultValue("var/inbox") String inbox,
            @DefaultValue("var/outbox") String outbox,
            @DefaultValue("0 30 2 * * *") String schedule) {}
}
