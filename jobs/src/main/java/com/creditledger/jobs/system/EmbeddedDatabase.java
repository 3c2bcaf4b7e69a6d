package com.creditledger.jobs.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL server whose data stays in a folder across runs. One process at a time
 * owns a folder: a second one gets a clear error instead of a second postmaster on the same data.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts (initialising on first use) the server with its data in {@code dataDirectory}. */
    public static EmbeddedDatabase start(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "64MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("wal_compression", "on")
                    .setServerConfig("max_connections", "100")
                    // a batch server's setting: commits return before their WAL reaches the disk. A
                    // crash of the server (not of a billing process) can lose the last fraction of a
                    // second of commits, never a part of one: every job reruns what is lost, and the
                    // payment journal commits synchronously (SET LOCAL) before and after each charge.
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            return new EmbeddedDatabase(postgres, dir);
        } catch (IllegalStateException | IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.contains("lock")) {
                throw new DatabaseUnavailableException("the embedded database in " + dir
                        + " is in use by another billing process; wait for it to finish, or pass --db-dir"
                        + " with another folder");
            }
            throw new DatabaseUnavailableException("could not start the embedded PostgreSQL in " + dir + ": " + why, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new DatabaseUnavailableException("could not stop the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
