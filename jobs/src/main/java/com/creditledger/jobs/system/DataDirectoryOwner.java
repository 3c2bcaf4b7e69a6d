package com.creditledger.jobs.system;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The billing process that last started the embedded server of a data directory, kept in {@code
 * billing-owner} there: its pid, when it started (a pid alone can be reused) and the port it gave
 * the server. Written while the process holds the directory's lock and before the server starts,
 * so a server found running later on that port, started since, is the one that process started.
 *
 * @param pid the billing process
 * @param started when it started
 * @param port the port of the server it started
 */
record DataDirectoryOwner(long pid, Instant started, int port) {

    static final String NAME = "billing-owner";

    /** This process, about to start a server on {@code port}. */
    static DataDirectoryOwner thisProcess(int port) {
        ProcessHandle self = ProcessHandle.current();
        return new DataDirectoryOwner(self.pid(), self.info().startInstant().orElse(Instant.EPOCH), port);
    }

    static Optional<DataDirectoryOwner> read(Path dataDirectory) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(dataDirectory.resolve(NAME))));
            return Optional.of(new DataDirectoryOwner(
                    Long.parseLong(properties.getProperty("pid")),
                    Instant.parse(properties.getProperty("started")),
                    Integer.parseInt(properties.getProperty("port"))));
        } catch (IOException | RuntimeException e) { // absent, unreadable or torn: as if no one owned it
            return Optional.empty();
        }
    }

    void write(Path dataDirectory) {
        Path file = dataDirectory.resolve(NAME);
        Path next = dataDirectory.resolve(NAME + ".next");
        try {
            Files.writeString(next, "pid=" + pid + "\nstarted=" + started + "\nport=" + port + "\n");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether this billing process still runs (the same process, not a later one with its pid). */
    boolean isAlive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(process ->
                        process.info().startInstant().map(started::equals).orElse(true))
                .orElse(false);
    }

    /** Whether {@code server} is the one this process started: on its port, started since. */
    boolean started(PostmasterPidFile server) {
        return server.port() == port && server.startedEpochSecond() >= started.getEpochSecond() - 1;
    }

    boolean isThisProcess() {
        return pid == ProcessHandle.current().pid();
    }
}
