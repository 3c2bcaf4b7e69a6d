package com.creditledger.jobs.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code billing.*}; see {@code config/application.example.yml}.
 *
 * @param rating how rating runs
 * @param ingest how request logs are ingested
 */
@ConfigurationProperties("billing")
public record BillingProperties(Rating rating, Ingest ingest) {

    public BillingProperties {
        rating = rating == null ? new Rating(0, 2000) : rating;
        ingest = ingest == null ? new Ingest(1_000_000) : ingest;
    }

    /**
     * @param partitions parallel rating partitions (workspace hash ranges); 0 means one per core
     * @param workspacesPerChunk workspaces rated and committed together in one transaction
     */
    public record Rating(int partitions, int workspacesPerChunk) {

        public int effectivePartitions() {
            return partitions > 0
                    ? partitions
                    : Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /** @param progressEvery log progress every this many records */
    public record Ingest(long progressEvery) {}
}
