package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.BillingProperties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Rates partitions that a manager (billing rate --remote) sends through the broker, until stopped.",
            "Needs the manager's database (--db-url): workers, ledger and JobRepository share one PostgreSQL.",
            "SIGTERM lets the partition in hand finish; a worker killed mid-partition leaves it FAILED for the",
            "manager, and running the manager's command again reruns that partition only."
        })
final class WorkerCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Mixin
    BrokerOptions broker;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "partitions rated at once by this worker (default 1; each holds three connections)")
    Integer concurrency;

    @Override
    public Integer call() throws InterruptedException {
        if (root.dbUrl == null) {
            throw new BillingException("billing worker rates into the manager's database: pass --db-url"
                    + " (or env BILLING_DB_URL) with the PostgreSQL the manager uses");
        }
        if (broker.embedded) {
            throw new BillingException("--embedded-broker belongs to the manager (billing rate --remote);"
                    + " a worker connects to it with --broker-url");
        }
        broker.apply(root);
        root.setting("billing.worker.enabled", true);
        // names this worker's sessions: pg_stat_activity joined with the partition leases in pg_locks
        // tells which worker rates which partition
        root.setting(
                "spring.datasource.hikari.data-source-properties.ApplicationName",
                "billing worker " + ProcessHandle.current().pid());
        if (concurrency != null) {
            root.setting("billing.worker.concurrency", concurrency);
        }
        ConfigurableApplicationContext context = root.runtime().context();
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        BillingProperties properties = context.getBean(BillingProperties.class);
        System.out.printf(
                "worker: taking rating partitions from %s, %d at a time%n",
                properties.broker().url(), properties.worker().concurrency());
        closed.await();
        return 0;
    }
}
