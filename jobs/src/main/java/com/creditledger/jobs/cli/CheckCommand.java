package com.creditledger.jobs.cli;

import com.creditledger.jobs.check.LedgerCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies the whole ledger.",
            "Every transaction sums to zero, every workspace conserves credits (granted = consumed +",
            "expired + balance), stored balances and grants equal their postings. Exits 1 naming the",
            "first offending workspace or transaction."
        })
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Override
    public Integer call() {
        LedgerCheck.Result result = root.bean(LedgerCheck.class).checkAll();
        System.out.println(result.describe());
        return result.ok() ? 0 : 1;
    }
}
