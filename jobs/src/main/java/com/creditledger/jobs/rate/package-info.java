/**
 * The {@code rate} job: every workspace's timeline up to a through-instant, partitioned by
 * workspace hash, written to the double-entry ledger in bulk, restartable chunk by chunk.
 */
package com.creditledger.jobs.rate;
