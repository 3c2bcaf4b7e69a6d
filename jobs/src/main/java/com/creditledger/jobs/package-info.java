/**
 * The billing application: Spring Batch jobs (ingest, rate), persistence, payment adapters and
 * the {@code billing} command line, packaged by feature.
 */
package com.creditledger.jobs;
