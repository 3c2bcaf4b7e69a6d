package com.creditledger.jobs.nightly;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.BillingProperties;
import com.creditledger.jobs.system.WriterLock;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * {@code billing serve}: runs the nightly job for yesterday on {@code billing.nightly.schedule}
 * (cron, UTC). Servers elect tonight's runner with the writer lock, a PostgreSQL advisory lock:
 * the one that gets it runs, the others skip; it is given back after the run. A night that
 * completed is a no-op for whoever comes next, so every night runs exactly once.
 */
@Component
@EnableScheduling
@ConditionalOnProperty(name = "billing.serve.enabled", havingValue = "true")
class NightlyScheduler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(NightlyScheduler.class);

    private final NightlyService nightly;
    private final WriterLock writerLock;
    private final Clock clock;
    private final BillingProperties properties;

    NightlyScheduler(NightlyService nightly, WriterLock writerLock, Clock clock, BillingProperties properties) {
        this.nightly = nightly;
        this.writerLock = writerLock;
        this.clock = clock;
        this.properties = properties;
    }

    /** The schedule comes from the settings record, whose default holds when nothing is set. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        String schedule = properties.nightly().schedule();
        CronTrigger trigger;
        try {
            trigger = new CronTrigger(schedule, ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw new BillingException("billing.nightly.schedule '" + schedule + "' is not a cron expression ("
                    + e.getMessage() + "); give six fields, seconds first: 0 30 2 * * * runs at 02:30 UTC");
        }
        registrar.addCronTask(new CronTask(this::runLastNightOrLog, trigger));
    }

    private void runLastNightOrLog() {
        try {
            runLastNight();
        } catch (SQLException e) {
            log.error("nightly: could not give the writer lock back: {}", e.getMessage());
        }
    }

    void runLastNight() throws SQLException {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
        if (!writerLock.tryAcquire()) {
            log.info("nightly {}: another process holds the writer lock and runs it", day);
            return;
        }
        try {
            NightlyService.Summary summary = nightly.run(day);
            if (summary.alreadyDone()) {
                log.debug("nightly {} already completed", day);
            } else {
                log.info(summary.describe());
            }
        } catch (RuntimeException e) {
            log.error(
                    "nightly {} failed: {}; it resumes at the next schedule or with 'billing nightly --date {}'",
                    day,
                    e.getMessage(),
                    day);
        } finally {
            writerLock.release();
        }
    }
}
