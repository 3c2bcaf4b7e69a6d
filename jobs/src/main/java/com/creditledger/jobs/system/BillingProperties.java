package com.creditledger.jobs.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code billing.*}; see {@code config/application.example.yml}.
 *
 * @param ingest how request logs are stored
 * @param rating how rating runs
 * @param stripe the Stripe gateway for auto top-ups; without an API key a simulated gateway is used
 * @param nightly the nightly run: inbox, outbox, schedule
 * @param broker the message broker of remote rating partitions
 * @param worker this process as a remote rating worker ({@code billing worker})
 */
@ConfigurationProperties("billing")
public record BillingProperties(
        @DefaultValue Ingest ingest,
        @DefaultValue Rating rating,
        @DefaultValue Stripe stripe,
        @DefaultValue Nightly nightly,
        @DefaultValue Broker broker,
        @DefaultValue Worker worker) {

    /** Where rating partitions run. */
    public enum Mode {
        /** threads of this process */
        LOCAL,
        /** {@code billing worker} processes, through the broker */
        REMOTE
    }

    /**
     * @param batchRows records copied into {@code request} per batch (one savepoint each). A batch
     *     that meets a request id stored by an earlier file is rolled back and settled row by row
     *     through the stage table, so smaller batches redo less of a re-delivered file; larger ones
     *     hold more records in memory
     */
    public record Ingest(@DefaultValue("50000") int batchRows) {
        public Ingest {
            if (batchRows < 1) {
                throw new IllegalArgumentException("billing.ingest.batch-rows must be at least 1");
            }
        }
    }

    /**
     * @param partitions rating partitions (ranges of workspace hash buckets); 0 means two per core
     *     (at most 8) in local mode and 16 in remote mode; a running partition holds up to three
     *     pooled connections (its transaction, its request stream, its lease) and the pool has 40
     * @param workspacesPerChunk workspaces rated and committed together in one transaction
     * @param mode {@code local} (threads) or {@code remote} (workers through the broker)
     * @param remoteTimeout how long the manager waits for all remote partitions before it fails the
     *     run (a partition whose worker died fails sooner: see {@code PartitionLeases})
     * @param chunkPause a pause before each chunk after the first, to throttle rating on a database
     *     shared with other work (default none)
     * @param spillDirectory where a partition sets its requests aside, grouped by chunk, while it
     *     rates them (about 125 bytes per request of the run; the file has no name on disk and goes
     *     when the partition ends or the process dies); empty means {@code java.io.tmpdir}
     */
    public record Rating(
            @DefaultValue("0") int partitions,
            @DefaultValue("100") int workspacesPerChunk,
            @DefaultValue("local") Mode mode,
            @DefaultValue("6h") Duration remoteTimeout,
            @DefaultValue("0s") Duration chunkPause,
            @DefaultValue("") String spillDirectory) {

        public Rating {
            if (partitions < 0 || (mode != Mode.REMOTE && partitions > 12) || workspacesPerChunk < 1) {
                throw new IllegalArgumentException("billing.rating.partitions must be 0 to 12 in local mode (each"
                        + " running partition holds three of the 40 pooled connections) and"
                        + " billing.rating.workspaces-per-chunk >= 1");
            }
        }

        public Path effectiveSpillDirectory() {
            return Path.of(spillDirectory.isBlank() ? System.getProperty("java.io.tmpdir") : spillDirectory);
        }

        public int effectivePartitions() {
            if (partitions > 0) {
                return partitions;
            }
            if (mode == Mode.REMOTE) {
                return 16;
            }
            // two per core: while one partition waits for PostgreSQL, the other rates. More only
            // add scans of the month and switching (measured at 10M on 2 cores: 4 partitions rate
            // in 39 s, 8 in 49 s)
            return Math.min(8, 2 * Runtime.getRuntime().availableProcessors());
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

    /**
     * @param url the Artemis broker, e.g. {@code tcp://broker:61616} (env BILLING_BROKER_URL)
     * @param embedded whether the manager starts an embedded, non-persistent broker listening on
     *     {@code url} itself (one-machine trials and tests; production runs a real broker)
     */
    public record Broker(
            @DefaultValue("tcp://localhost:61616") String url,
            @DefaultValue("false") boolean embedded) {}

    /**
     * @param enabled whether this process takes rating partitions from the broker
     * @param concurrency partitions this worker rates at once
     */
    public record Worker(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("1") int concurrency) {

        public Worker {
            if (concurrency < 1 || concurrency > 12) {
                throw new IllegalArgumentException("billing.worker.concurrency must be 1 to 12 (each partition in"
                        + " hand holds three of the 40 pooled connections)");
            }
        }
    }
}
