package com.creditledger.jobs.cli;

import com.creditledger.jobs.ops.JobsService;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
            "Shows job executions and restarts, abandons or recovers them.",
            "After a crash: 'billing jobs recover' (executions left STARTED become FAILED), then",
            "'billing jobs restart ID' (or run the same command again)."
        },
        subcommands = {
            JobsCommand.ListJobs.class,
            JobsCommand.Show.class,
            JobsCommand.Restart.class,
            JobsCommand.Abandon.class,
            JobsCommand.Recover.class
        })
final class JobsCommand {

    @ParentCommand
    BillingCommand root;

    JobsService service() {
        return root.bean(JobsService.class);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists executions, newest first.")
    static final class ListJobs implements Callable<Integer> {

        @ParentCommand
        JobsCommand jobs;

        @Option(names = "--status", paramLabel = "S", description = "e.g. FAILED, COMPLETED, STARTED")
        String status;

        @Option(names = "--job", paramLabel = "NAME", description = "ingest, rate or nightly")
        String job;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "created on or after this day")
        LocalDate since;

        @Option(names = "--limit", paramLabel = "N", description = "at most N (default: 50)")
        int limit = 50;

        @Option(names = "--json", description = "one JSON object per line")
        boolean json;

        @Override
        public Integer call() {
            List<JobsService.Execution> executions =
                    jobs.service().list(status == null ? null : status.toUpperCase(), job, since, limit);
            if (json) {
                executions.forEach(e -> System.out.println(Json.object(
                        "id",
                        e.id(),
                        "job",
                        e.job(),
                        "parameters",
                        e.parameters(),
                        "status",
                        e.status(),
                        "started",
                        e.started(),
                        "ended",
                        e.ended(),
                        "seconds",
                        seconds(e.duration()),
                        "cause",
                        e.cause())));
                return 0;
            }
            System.out.printf(
                    "%6s  %-8s %-10s %-19s %8s  %s%n",
                    "ID", "JOB", "STATUS", "STARTED (UTC)", "TOOK", "PARAMETERS / CAUSE");
            for (JobsService.Execution e : executions) {
                System.out.printf(
                        "%6d  %-8s %-10s %-19s %8s  %s%n",
                        e.id(),
                        e.job(),
                        e.status(),
                        e.started() == null
                                ? ""
                                : e.started().withNano(0).toString().replace('T', ' '),
                        took(e.duration()),
                        shorten(e.parameters(), 60));
                if (e.cause() != null && !e.status().equals("COMPLETED")) {
                    System.out.printf("%56s%s%n", "", "cause: " + shorten(e.cause(), 80));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one execution and its steps.")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID", description = "the execution id (see 'billing jobs list')")
        long id;

        @Option(names = "--json", description = "as JSON")
        boolean json;

        @Override
        public Integer call() {
            JobsService service = jobs.service();
            JobExecution execution = service.execution(id);
            List<JobsService.Step> steps = service.steps(execution);
            String cause = steps.stream()
                    .map(JobsService.Step::cause)
                    .filter(c -> c != null && !c.isBlank())
                    .findFirst()
                    .orElse(null);
            if (json) {
                StringBuilder array = new StringBuilder("[");
                for (JobsService.Step s : steps) {
                    array.append(array.length() > 1 ? "," : "")
                            .append(Json.object(
                                    "name",
                                    s.name(),
                                    "status",
                                    s.status(),
                                    "read",
                                    s.read(),
                                    "written",
                                    s.written(),
                                    "filtered",
                                    s.filtered(),
                                    "skipped",
                                    s.skipped(),
                                    "commits",
                                    s.commits(),
                                    "rollbacks",
                                    s.rollbacks(),
                                    "seconds",
                                    seconds(s.duration()),
                                    "cause",
                                    s.cause()));
                }
                System.out.println(Json.object(
                                "id", execution.getId(),
                                "job", execution.getJobInstance().getJobName(),
                                "parameters", parameters(execution),
                                "status", execution.getStatus().name(),
                                "exit", execution.getExitStatus().getExitCode(),
                                "cause", cause)
                        .replaceFirst("}$", ",\"steps\":" + array + "]}"));
                return 0;
            }
            System.out.printf(
                    "execution %d of %s %s: %s (exit %s)%n",
                    execution.getId(),
                    execution.getJobInstance().getJobName(),
                    parameters(execution),
                    execution.getStatus(),
                    execution.getExitStatus().getExitCode());
            if (cause != null) {
                System.out.println("cause: " + cause);
            }
            System.out.printf(
                    "%-34s %-10s %10s %10s %9s %7s %8s%n",
                    "STEP", "STATUS", "READ", "WRITTEN", "FILTERED", "COMMITS", "TOOK");
            for (JobsService.Step s : steps) {
                System.out.printf(
                        "%-34s %-10s %10d %10d %9d %7d %8s%n",
                        shorten(s.name(), 34),
                        s.status(),
                        s.read(),
                        s.written(),
                        s.filtered(),
                        s.commits(),
                        took(s.duration()));
            }
            return 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restarts a failed or stopped execution.")
    static final class Restart implements Callable<Integer> {

        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            JobExecution restarted = jobs.service().restart(id);
            System.out.printf("restarted execution %d as %d: %s%n", id, restarted.getId(), restarted.getStatus());
            return 0;
        }
    }

    @Command(
            name = "abandon",
            mixinStandardHelpOptions = true,
            description = "Gives an execution up for good (never for rate runs).")
    static final class Abandon implements Callable<Integer> {

        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            JobExecution abandoned = jobs.service().abandon(id);
            System.out.printf("execution %d is %s%n", abandoned.getId(), abandoned.getStatus());
            return 0;
        }
    }

    @Command(
            name = "recover",
            mixinStandardHelpOptions = true,
            description = "Marks executions left STARTED by a process that died as FAILED, so they restart.")
    static final class Recover implements Callable<Integer> {

        @ParentCommand
        JobsCommand jobs;

        @Override
        public Integer call() {
            List<JobExecution> recovered = jobs.service().recover();
            if (recovered.isEmpty()) {
                System.out.println("no execution was left running");
            }
            recovered.forEach(e -> System.out.printf(
                    "recovered execution %d of %s %s: now %s; restart it with 'billing jobs restart %d'%n",
                    e.getId(), e.getJobInstance().getJobName(), parameters(e), e.getStatus(), e.getId()));
            return 0;
        }
    }

    static String parameters(JobExecution execution) {
        StringBuilder text = new StringBuilder();
        execution.getJobParameters().parameters().forEach(p -> {
            if (p.identifying()) {
                text.append(text.length() > 0 ? " " : "")
                        .append(p.name())
                        .append('=')
                        .append(p.value());
            }
        });
        return text.toString();
    }

    static String took(Duration duration) {
        return duration == null ? "" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    static Double seconds(Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }

    static String shorten(String text, int width) {
        if (text == null) {
            return "";
        }
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
