package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.DefaultJobKeyGenerator;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

class JobRunnerIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void aJobInstanceLeftWithoutAnExecutionByAProcessKilledAsItStartedItStartsAgain() throws Exception {
        // given the instance a process killed between Spring Batch's two inserts leaves (the fault
        // suite found one: an ingest killed as it started a file's job)
        Path config = Path.of("..", "config").toAbsolutePath().normalize();
        Path requests = dir.resolve("requests.csv");
        Files.writeString(requests, """
                request_id,occurred_at,workspace_id,kind,model
                r1,2026-11-01T01:00:00Z,ws-1,chat,gpt-5-mini
                """);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(requests)));
        String key = new DefaultJobKeyGenerator()
                .generateKey(new JobParametersBuilder().addString("sha256", sha).toJobParameters());
        try (BillingHarness billing = new BillingHarness("orphan_instance", Map.of())) {
            billing.expectSuccess("load", "plans", config.resolve("plans.csv").toString());
            assertThat(billing.execute("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
                            + " VALUES (nextval('batch_job_instance_seq'), 0, 'ingest', '" + key + "')"))
                    .isNull();
            // when
            BillingHarness.Outcome ingest = billing.run("ingest", requests.toString());
            // then
            assertThat(ingest.exit()).as(ingest.err()).isZero();
            assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(1);
            assertThat(billing.count("SELECT count(*) FROM batch_job_instance WHERE job_name = 'ingest'"))
                    .as("the orphan replaced by the instance that ran")
                    .isEqualTo(1);
        }
    }

    @Test
    void anIngestLeftUnknownBySpringBatchRestartsSinceItsFileWasNotRecorded() throws Exception {
        // given a file whose ingest failed and that Spring Batch marked UNKNOWN (on a full disk its
        // own update inside the step's transaction failed: the fault suite's disk-full trial)
        Path config = Path.of("..", "config").toAbsolutePath().normalize();
        Path requests = dir.resolve("requests.csv");
        Files.writeString(requests, """
                request_id,occurred_at,workspace_id,kind,model
                r1,2026-11-01T01:00:00Z,ws-1,chat,gpt-5-mini
                """);
        try (BillingHarness billing = new BillingHarness("unknown_ingest", Map.of())) {
            billing.expectSuccess("load", "plans", config.resolve("plans.csv").toString());
            assertThat(billing.execute("ALTER TABLE request ADD CONSTRAINT refuse_all CHECK (false) NOT VALID"))
                    .isNull();
            assertThat(billing.run("ingest", requests.toString()).exit()).isEqualTo(1);
            assertThat(billing.execute("ALTER TABLE request DROP CONSTRAINT refuse_all"))
                    .isNull();
            assertThat(billing.execute("UPDATE batch_job_execution SET status = 'UNKNOWN'"))
                    .isNull();
            assertThat(billing.execute("UPDATE batch_step_execution SET status = 'UNKNOWN'"))
                    .isNull();
            // when
            BillingHarness.Outcome ingest = billing.run("ingest", requests.toString());
            // then it ran again instead of "Cannot restart job from UNKNOWN status"
            assertThat(ingest.exit()).as(ingest.err()).isZero();
            assertThat(ingest.err()).contains("was left UNKNOWN");
            assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(1);
            assertThat(billing.count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'"))
                    .isEqualTo(1);
        }
    }
}
