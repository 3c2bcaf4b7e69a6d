/** {@code billing check}: the ledger's self-check (zero-sum, conservation, projections). */
package com.creditledger.jobs.check;
