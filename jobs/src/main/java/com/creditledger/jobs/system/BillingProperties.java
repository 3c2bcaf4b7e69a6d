package com.creditledger.jobs.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code billing.*}; see {@code config/application.example.yml}.
 *
 * @param rating how rating runs
 * @param ingest how request logs are ingested
 */
@ConfigurationProperties("billing")
public record BillingProperties(
        @DefaultValue Rating rating, @DefaultValue Ingest ingest) {

    /**
     * @param partitions parallel rating partitions (workspace hash classes); 0 means one per core
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

    /** @param progressEvery log progress every this many records */
    public record Ingest(@DefaultValue("1000000") long progressEvery) {}
}
