package com.creditledger.jobs.catalog;

/** What a catalog load did: rows read, new or changed rows written, rows already loaded as they are. */
public record LoadResult(String what, String file, int rows, int written, int unchanged) {

    @Override
    public String toString() {
        return "loaded " + what + " from " + file + ": " + rows + " rows, " + written + " new or changed, " + unchanged
                + " already loaded";
    }
}
