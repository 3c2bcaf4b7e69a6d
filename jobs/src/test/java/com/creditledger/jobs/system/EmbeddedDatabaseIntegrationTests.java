package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness.Outcome;
import com.creditledger.jobs.EmbeddedBilling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded default finds in its folder before it starts, and what it says about it. */
class EmbeddedDatabaseIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void aStalePostmasterPidWhosePidAnotherProgramGotIsRemovedAndTheServerStarts() throws Exception {
        // given a folder whose last server died, its pid taken since by another program (this JVM)
        try (EmbeddedBilling billing = new EmbeddedBilling(dir.resolve("pg"), Map.of())) {
            billing.expectSuccess("check");
            long other = ProcessHandle.current().pid();
            Files.writeString(
                    billing.dataDirectory().resolve("postmaster.pid"),
                    other + "\n" + billing.dataDirectory() + "\n"
                            + Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()
                            + "\n5432\n/tmp\nlocalhost\n\nready   \n");
            // when
            Outcome outcome = billing.run("check");
            // then
            assertThat(outcome.exit()).as(outcome.err()).isZero();
            assertThat(outcome.err())
                    .contains("WARN  EmbeddedDatabase - the embedded PostgreSQL in " + billing.dataDirectory()
                            + " was not shut down cleanly (its server, pid " + other + ", died; that pid belongs to"
                            + " another program now): removed its postmaster.pid, and it recovers before this command"
                            + " runs\n");
            assertThat(billing.dataDirectory().resolve("postmaster.pid")).doesNotExist();
        }
    }

    @Test
    void aFolderHoldingOtherFilesIsNotInitialisedOver() throws Exception {
        // given
        Path folder = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(folder.resolve("todo.txt"), "not a database\n");
        try (EmbeddedBilling billing = new EmbeddedBilling(folder, Map.of())) {
            // when
            Outcome outcome = billing.run("check");
            // then
            assertThat(outcome.exit()).isEqualTo(1);
            assertThat(outcome.err())
                    .isEqualTo("billing: " + folder.toAbsolutePath() + " holds files but no PostgreSQL database (it has"
                            + " no postgresql.conf); pass --db-dir with a new or empty folder (if a billing process was"
                            + " killed while it created the database here, remove the folder first)\n");
            assertThat(folder.resolve("todo.txt")).exists();
        }
    }

    @Test
    void aFolderThisProcessAlreadyUsesIsInUse() {
        // given
        Path folder = dir.resolve("pg");
        try (EmbeddedDatabase open = EmbeddedDatabase.start(folder);
                EmbeddedBilling billing = new EmbeddedBilling(folder, Map.of())) {
            // when
            Outcome outcome = billing.run("check");
            // then
            assertThat(outcome.exit()).isEqualTo(1);
            assertThat(outcome.err())
                    .isEqualTo("billing: the embedded database in " + open.dataDirectory() + " is in use by this"
                            + " billing process; wait for it to finish, or pass --db-dir with another folder\n");
        }
    }
}
