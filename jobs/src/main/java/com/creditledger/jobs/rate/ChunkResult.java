package com.creditledger.jobs.rate;

import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.rating.Account;
import com.creditledger.rating.Grant;
import com.creditledger.rating.ledger.LedgerTxn;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chunk's timelines did, as {@link ChunkWriter} stores it: the ledger transactions, the
 * rated rows (encoded for their COPY), the requests refused at rating, the top-ups, and the accounts
 * with every grant that may have changed (those live when loaded and those made in this run).
 */
record ChunkResult(
        List<LedgerTxn> txns,
        BinaryCopyWriter.Encoded ratedRows,
        long ratedCount,
        List<LedgerRecorder.Quarantined> quarantined,
        List<LedgerRecorder.Topup> topups,
        List<Account> accounts,
        Map<String, List<Grant>> touchedGrants) {

    ChunkResult {
        txns = List.copyOf(txns);
        quarantined = List.copyOf(quarantined);
        topups = List.copyOf(topups);
        accounts = List.copyOf(accounts);
        touchedGrants = Collections.unmodifiableMap(new LinkedHashMap<>(touchedGrants));
    }
}
