/**
 * Demo and benchmark data: {@link com.creditledger.jobs.demo.DatasetGenerator} writes a realistic,
 * seeded, deterministic set of input files (workspaces, purchases, daily request logs) in the SPEC
 * §3 formats, with a controlled share of late and bad rows, on the plans, packs and priced models
 * of a catalog. Plain Java, no Spring.
 */
package com.creditledger.jobs.demo;
