package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingProperties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the nightly job on its schedule, with health and metrics endpoints.",
            "billing.nightly.schedule (cron, UTC; default 0 30 2 * * *) closes yesterday. Several servers may",
            "share a database: a PostgreSQL advisory lock makes one of them run each night, exactly once.",
            "SIGTERM stops a running job at its next chunk, leaving it STOPPED and restartable.",
            "Endpoints: /actuator/health, /actuator/metrics, /actuator/scheduledtasks on server.port (default 8080)."
        })
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Override
    public Integer call() throws InterruptedException {
        ConfigurableApplicationContext context = root.serverRuntime().context();
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        int port = context instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        System.out.printf(
                "serving: nightly at '%s' (UTC); health at http://localhost:%d/actuator/health%n",
                context.getBean(BillingProperties.class).nightly().schedule(), port);
        closed.await();
        return 0;
    }
}
