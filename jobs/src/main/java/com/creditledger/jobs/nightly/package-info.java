/** {@code billing nightly}: inbox → ingest → rate → status feed → exports, as one restartable flow job. */
package com.creditledger.jobs.nightly;
