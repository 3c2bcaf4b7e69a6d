package com.creditledger.jobs.ingest;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.InputFiles;
import com.creditledger.jobs.system.JobRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** {@code billing ingest FILE...}: each file once, by the SHA-256 of its bytes. */
@Service
public class IngestService {

    private final JobRunner jobRunner;
    private final Job ingestJob;
    private final JdbcTemplate jdbc;

    public IngestService(JobRunner jobRunner, Job ingestJob, JdbcTemplate jdbc) {
        this.jobRunner = jobRunner;
        this.ingestJob = ingestJob;
        this.jdbc = jdbc;
    }

    public IngestSummary ingest(Path file) {
        return ingest(file, null);
    }

    /**
     * {@link #ingest(Path)} for each file in order, hashing the next file while the current one
     * loads: loading is bound by the database's COPY and leaves a core idle, and hashing takes
     * about 30 ms per 37 MB file (a second for a 10M month).
     */
    public void ingestInOrder(List<Path> files, Consumer<IngestSummary> each) {
        ExecutorService hasher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "ingest-hasher");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<String> next = hasher.submit(() -> hashIfFile(files.get(0)));
            for (int i = 0; i < files.size(); i++) {
                String sha256 = await(next);
                if (i + 1 < files.size()) {
                    Path following = files.get(i + 1);
                    next = hasher.submit(() -> hashIfFile(following));
                }
                each.accept(ingest(files.get(i), sha256));
            }
        } finally {
            hasher.shutdownNow();
        }
    }

    private static String hashIfFile(Path file) {
        return InputFiles.isReadable(file) ? sha256(file) : null; // an unreadable file is reported in its turn
    }

    private static String await(Future<String> hash) {
        try {
            return hash.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillingException("interrupted while hashing the next file", e);
        }
    }

    private IngestSummary ingest(Path file, String knownSha256) {
        InputFiles.requireReadable(file);
        long started = System.nanoTime();
        String sha256 = knownSha256 != null ? knownSha256 : sha256(file);
        String source = file.getFileName().toString();
        Integer known =
                jdbc.queryForObject("SELECT count(*) FROM ingested_file WHERE sha256 = ?", Integer.class, sha256);
        if (known != null && known > 0) {
            return new IngestSummary(source, sha256, true, 0, 0, 0, Map.of(), 0);
        }
        // one step, one transaction, which records the file's SHA-256 (unique) with its rows: none
        // is recorded, so an execution left UNKNOWN (a full disk failed Spring Batch's own update)
        // committed nothing and may run again; were it committed after all, the key would refuse it
        jobRunner.run(
                ingestJob,
                new JobParametersBuilder()
                        .addString("sha256", sha256)
                        .addString("file", file.toAbsolutePath().toString(), false)
                        .toJobParameters(),
                true);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> counts = jdbc.queryForMap(
                "SELECT file_id, records, accepted, duplicates FROM ingested_file WHERE sha256 = ?", sha256);
        Map<String, Long> byReason = new HashMap<>();
        jdbc.query(
                "SELECT reason, count(*) FROM quarantine WHERE file_id = ? GROUP BY reason",
                rs -> {
                    byReason.put(rs.getString(1), rs.getLong(2));
                },
                counts.get("file_id"));
        return new IngestSummary(
                source,
                sha256,
                false,
                ((Number) counts.get("records")).longValue(),
                ((Number) counts.get("accepted")).longValue(),
                ((Number) counts.get("duplicates")).longValue(),
                byReason,
                seconds);
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BillingException("could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
