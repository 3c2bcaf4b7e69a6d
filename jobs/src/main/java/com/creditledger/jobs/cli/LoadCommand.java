package com.creditledger.jobs.cli;

import com.creditledger.jobs.catalog.CatalogLoader;
import com.creditledger.jobs.catalog.LoadResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = {
            "Loads a catalog file: plans, packs, prices, workspaces or purchases.",
            "A bad file loads nothing and the error names file, line and column. Loading the same file",
            "again changes nothing; a price version, once loaded, never changes."
        })
final class LoadCommand implements Callable<Integer> {

    enum What {
        plans,
        packs,
        prices,
        workspaces,
        purchases
    }

    @ParentCommand
    BillingCommand root;

    @Parameters(index = "0", paramLabel = "WHAT", description = "plans, packs, prices, workspaces or purchases")
    What what;

    @Parameters(index = "1", paramLabel = "FILE", description = "the CSV file (optionally .gz)")
    Path file;

    @Override
    public Integer call() {
        CatalogLoader loader = root.bean(CatalogLoader.class);
        Path path = root.resolve(file);
        LoadResult result = switch (what) {
            case plans -> loader.loadPlans(path);
            case packs -> loader.loadPacks(path);
            case prices -> loader.loadPrices(path);
            case workspaces -> loader.loadWorkspaces(path);
            case purchases -> loader.loadPurchases(path);
        };
        System.out.println(result);
        return 0;
    }
}
