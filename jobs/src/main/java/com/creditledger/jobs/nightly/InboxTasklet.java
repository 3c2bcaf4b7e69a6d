package com.creditledger.jobs.nightly;

import com.creditledger.jobs.ingest.IngestService;
import com.creditledger.jobs.ingest.IngestSummary;
import com.creditledger.jobs.system.JobStoppedException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Ingests every file waiting in the inbox, oldest name first, each as its own {@code ingest} job,
 * and moves it to {@code processed/} (ingested, or already ingested before) or {@code failed/}
 * (the ingest job failed: unreadable, truncated gzip...), so no file is ever lost or taken twice.
 * A crash between an ingest and the move is harmless: the file is still in the inbox, and
 * ingesting it again is skipped by its SHA-256.
 */
class InboxTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(InboxTasklet.class);

    private final IngestService ingest;
    private final Path inbox;

    InboxTasklet(IngestService ingest, Path inbox) {
        this.ingest = ingest;
        this.inbox = inbox;
    }

    /** One file per call, so the step's progress (its execution context) is saved after each file. */
    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
            throws IOException, JobInterruptedException {
        ExecutionContext context =
                chunkContext.getStepContext().getStepExecution().getExecutionContext();
        Files.createDirectories(inbox.resolve("processed"));
        Files.createDirectories(inbox.resolve("failed"));
        List<Path> files = waiting();
        if (files.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        Path file = files.get(0);
        try {
            IngestSummary summary = ingest.ingest(file);
            log.info(summary.describe());
            add(context, "records", summary.records());
            add(context, "accepted", summary.accepted());
            add(context, "duplicates", summary.duplicates());
            add(context, "quarantined", summary.quarantined());
            add(context, "files", 1);
            move(file, "processed");
            contribution.incrementWriteCount(summary.accepted());
            contribution.incrementFilterCount(summary.duplicates() + summary.quarantined());
        } catch (JobStoppedException e) {
            throw new JobInterruptedException(e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} could not be ingested and was moved to failed/: {}", file.getFileName(), e.getMessage());
            move(file, "failed");
            String failed = context.getString(FAILED, "");
            context.putString(
                    FAILED, (failed.isEmpty() ? "" : failed + "\n") + file.getFileName() + ": " + e.getMessage());
        }
        return RepeatStatus.CONTINUABLE;
    }

    static final String FAILED = "failedFiles";

    private static void add(ExecutionContext context, String key, long value) {
        context.putLong(key, context.getLong(key, 0) + value);
    }

    private List<Path> waiting() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isRegularFile(entry) && !name.startsWith(".") && !name.endsWith(".part")) {
                    files.add(entry);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private void move(Path file, String folder) throws IOException {
        Path target = inbox.resolve(folder).resolve(file.getFileName());
        if (Files.exists(target)) {
            target = inbox.resolve(folder).resolve(file.getFileName() + "." + System.currentTimeMillis());
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
