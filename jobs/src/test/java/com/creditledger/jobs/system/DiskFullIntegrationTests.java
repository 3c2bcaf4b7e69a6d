package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness.Outcome;
import com.creditledger.jobs.EmbeddedBilling;
import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default on a disk that fills up while it ingests (a small tmpfs, so only as root):
 * one line says so, naming the folder and what to do, and doing it (more space, the same command)
 * works.
 */
class DiskFullIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void aDiskThatFillsUpIsSaidInOneLineAndTheSameCommandWorksOnceThereIsSpace() throws Exception {
        // given an embedded database on a tmpfs with a few megabytes left after the catalog
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root; skipped");
        Path disk = Files.createDirectories(dir.resolve("disk"));
        Assumptions.assumeTrue(
                sh("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", disk.toString()) == 0,
                "this machine does not let root mount a tmpfs; skipped");
        Path config = Path.of("..", "config").toAbsolutePath().normalize();
        Path data = dir.resolve("data");
        DatasetGenerator.Spec spec = DatasetGenerator.Spec.bench(100_000).withWorkspaces(100);
        DatasetGenerator.Result generated = new DatasetGenerator(CatalogFiles.read(config)).generate(data, spec);
        // a server that stopped (its WAL could not be written) refuses connections: the pool's wait for
        // one is what takes time, not what is tested
        Map<String, Object> settings = Map.of("spring.datasource.hikari.connection-timeout", "3000");
        try (EmbeddedBilling billing = new EmbeddedBilling(disk.resolve("pg"), settings)) {
            List<String> load = new ArrayList<>();
            for (String what : List.of("plans", "packs", "prices")) {
                load.add("load " + what + " " + config.resolve(what + ".csv"));
            }
            load.add("load workspaces " + data.resolve("workspaces.csv"));
            billing.script(dir, "load", load);
            long usedKb = Files.getFileStore(disk).getTotalSpace() / 1024
                    - Files.getFileStore(disk).getUsableSpace() / 1024;
            assertThat(sh("mount", "-o", "remount,size=" + (usedKb + 8 * 1024) + "k", disk.toString()))
                    .isZero();
            String[] ingest = new String[generated.requestFiles().size() + 1];
            ingest[0] = "ingest";
            for (int i = 0; i < generated.requestFiles().size(); i++) {
                ingest[i + 1] = generated.requestFiles().get(i).toString();
            }

            // when
            Outcome full = billing.run(ingest);
            assertThat(sh("mount", "-o", "remount,size=256m", disk.toString())).isZero();
            Outcome again = billing.run(ingest);

            // then
            assertThat(full.exit()).isEqualTo(1);
            assertThat(full.err())
                    .endsWith("billing: no space left on device in " + billing.dataDirectory()
                            + ": free space and run the same command again\n")
                    .doesNotContain("\tat ");
            assertThat(full.err().lines().filter(line -> line.startsWith("billing: ")))
                    .hasSize(1);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out())
                    .contains("total: " + generated.requestFiles().size() + " files");
            assertThat(billing.expectSuccess("check").out()).contains("ledger check passed");
        } finally {
            sh("umount", disk.toString());
        }
    }

    private static int sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
