package com.creditledger.jobs.ledger;

import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.rating.ledger.LedgerTxn;
import com.creditledger.rating.ledger.Posting;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** Stores ledger transactions as the domain made them: one COPY for the transactions, one for the postings. */
public final class LedgerWriter {

    private LedgerWriter() {}

    /** Writes {@code txns}, all of the run through {@code runThrough}, on {@code connection}'s transaction. */
    public static void write(Connection connection, List<LedgerTxn> txns, Instant runThrough) {
        try (BinaryCopyWriter copy = BinaryCopyWriter.open(
                connection,
                "ledger_txn",
                "txn_id, workspace_id, kind, effective_at, effective_at_ns, run_through, run_through_ns, reference")) {
            for (LedgerTxn txn : txns) {
                copy.add(txn.id())
                        .add(txn.workspaceId())
                        .add(txn.kind().name())
                        .addExact(txn.effectiveAt())
                        .addExact(runThrough)
                        .add(txn.reference())
                        .endRow();
            }
        }
        try (BinaryCopyWriter copy = BinaryCopyWriter.open(
                connection, "ledger_posting", "txn_id, posting_no, effective_at, account, grant_no, amount")) {
            for (LedgerTxn txn : txns) {
                short no = 0;
                for (Posting posting : txn.postings()) {
                    copy.add(txn.id())
                            .addSmallint(++no)
                            .add(txn.effectiveAt())
                            .add(posting.account().code())
                            .addInteger(posting.grantNo())
                            .add(posting.amount())
                            .endRow();
                }
            }
        }
    }
}
