/** {@code scripts/bench}: the pipeline's throughput against a plain COPY measured in the same run. */
package com.creditledger.jobs.bench;
