package com.creditledger.jobs.system;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What one start does while it holds the folder's lock: deal with a server left behind, record
 * this process as the folder's owner, and watch the new server until it is ready.
 */
final class EmbeddedTakeover {

    private final Path dir;
    final int port;
    private Thread starter;
    private Thread watcher;
    private boolean recovering;
    private long serverLogStart;
    private volatile boolean returned;
    private DatabaseUnavailableException failure;

    EmbeddedTakeover(Path dir) {
        this.dir = dir;
        try {
            this.port = EmbeddedDatabase.freePort();
        } catch (IOException e) {
            throw new DatabaseUnavailableException("could not find a free port for the embedded PostgreSQL", e);
        }
    }

    void prepare(File dataDirectory) {
        PostmasterPidFile.read(dir).ifPresent(this::leftBehind);
        keepServerLogSmall();
        DataDirectoryOwner.thisProcess(port).write(dir);
        starter = Thread.currentThread();
        watcher = new Thread(this::watch, "embedded-postgres-start");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** A {@code postmaster.pid} found before this start: the last server did not exit cleanly. */
    private void leftBehind(PostmasterPidFile left) {
        Optional<ProcessHandle> server = left.server();
        if (server.isPresent()) {
            stopOrphan(left, server.get());
        } else if (left.pidAlive()) {
            // the pid now belongs to another program, and PostgreSQL would refuse to start
            // while it runs: the file is stale, and only a stale file may be removed
            deleteServerFile(left);
            recovering = true;
            EmbeddedDatabase.log.warn(
                    "the embedded PostgreSQL in {} was not shut down cleanly (its server, pid {}, died; that pid"
                            + " belongs to another program now): removed its postmaster.pid, and it recovers"
                            + " before this command runs",
                    dir,
                    left.pid());
        } else {
            recovering = true;
            EmbeddedDatabase.log.warn(
                    "the embedded PostgreSQL in {} was not shut down cleanly (its server, pid {}, died): it"
                            + " recovers before this command runs",
                    dir,
                    left.pid());
            awaitDetached(left);
        }
    }

    void stopOrphan(PostmasterPidFile left, ProcessHandle server) {
        if (!left.servesDirectory(dir)) {
            throw new DatabaseUnavailableException(dir.resolve(PostmasterPidFile.NAME)
                    + " names a running PostgreSQL server (pid " + left.pid()
                    + ") of another data directory, "
                    + left.dataDirectory() + "; if this folder is a copy of that one, remove that file and run the"
                    + " same command again");
        }
        Optional<DataDirectoryOwner> owner = DataDirectoryOwner.read(dir);
        if (owner.filter(DataDirectoryOwner::isAlive).isPresent()) {
            throw EmbeddedDatabase.inUse(dir); // it has let go of the folder and is stopping its server
        }
        // a server of an earlier build, which wrote no owner file, runs zonky's binaries
        boolean startedByBilling = owner.map(o -> o.started(left))
                .orElseGet(() -> server.info()
                        .command()
                        .map(command -> command.contains("embedded-pg"))
                        .orElse(false));
        if (!startedByBilling) {
            throw new DatabaseUnavailableException("a PostgreSQL server that no billing process started (pid "
                    + left.pid() + ", port " + left.port() + ") runs on " + dir + "; stop it (kill -INT "
                    + left.pid() + ") and run the same command again");
        }
        EmbeddedDatabase.log.warn(
                "stopping the embedded PostgreSQL (pid {}) that billing process {} left running in {} when it"
                        + " died",
                left.pid(),
                owner.map(o -> Long.toString(o.pid())).orElse("of an earlier build"),
                dir);
        signal("INT", server); // fast shutdown: roll back, checkpoint, exit
        if (!EmbeddedDatabase.awaitStopped(server, dir, EmbeddedDatabase.FAST_SHUTDOWN_WITHIN)) {
            EmbeddedDatabase.log.warn(
                    "the PostgreSQL server (pid {}) did not stop within {} s: asking for an immediate shutdown"
                            + " (it recovers at this start)",
                    server.pid(),
                    EmbeddedDatabase.FAST_SHUTDOWN_WITHIN.toSeconds());
            signal("QUIT", server);
            recovering = true;
            if (!EmbeddedDatabase.awaitStopped(server, dir, Duration.ofMinutes(1))) {
                throw new DatabaseUnavailableException("could not stop the PostgreSQL server (pid " + server.pid()
                        + ") left running in " + dir + "; stop it (kill -9 " + server.pid()
                        + ") and run the"
                        + " same command again");
            }
        }
    }

    /** Waits for the processes of a killed postmaster to notice and let go of its shared memory. */
    private void awaitDetached(PostmasterPidFile left) {
        long started = System.nanoTime();
        int attached;
        while ((attached = left.attachedProcesses()) > 0) {
            long waited = System.nanoTime() - started;
            if (waited > Duration.ofMinutes(1).toNanos()) {
                throw new DatabaseUnavailableException(attached + " processes of the PostgreSQL server that died"
                        + " in " + dir + " (pid " + left.pid() + ") still run; stop them (they show as 'postgres:'"
                        + " in ps) and run the same command again");
            }
            EmbeddedDatabase.sleep(100);
        }
    }

    private void signal(String signal, ProcessHandle server) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(server.pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0 && server.isAlive()) {
                throw new DatabaseUnavailableException("could not stop the PostgreSQL server (pid " + server.pid()
                        + ") left running in " + dir + ": " + output
                        + "; stop it yourself and run the same"
                        + " command again");
            }
        } catch (IOException e) {
            throw new DatabaseUnavailableException(
                    "could not signal the PostgreSQL server (pid " + server.pid() + ") left running in " + dir + ": "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while stopping the PostgreSQL server in " + dir, e);
        }
    }

    private void deleteServerFile(PostmasterPidFile left) {
        try {
            Files.deleteIfExists(dir.resolve(PostmasterPidFile.NAME));
        } catch (IOException e) {
            throw new DatabaseUnavailableException(
                    "could not remove the stale " + dir.resolve(PostmasterPidFile.NAME)
                            + " of the PostgreSQL server (pid " + left.pid() + ") that died: " + e.getMessage(),
                    e);
        }
    }

    private void keepServerLogSmall() {
        Path serverLog = dir.resolve(EmbeddedDatabase.SERVER_LOG);
        try {
            if (Files.size(serverLog) > EmbeddedDatabase.SERVER_LOG_KEPT_BYTES) {
                Files.move(
                        serverLog,
                        dir.resolve(EmbeddedDatabase.SERVER_LOG + ".1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            serverLogStart = Files.exists(serverLog) ? Files.size(serverLog) : 0;
        } catch (IOException e) {
            serverLogStart = 0; // no log yet (a first start keeps none)
        }
    }

    /**
     * Until the start returns: fails it when no server appears, or the server exits before it is
     * ready (zonky would keep polling), and says every ten seconds that it still waits.
     */
    private void watch() {
        long started = System.nanoTime();
        long nextProgress = started + EmbeddedDatabase.PROGRESS_EVERY.toNanos();
        boolean seen = false;
        while (!returned) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            boolean running = PostmasterPidFile.read(dir)
                    .filter(file -> file.port() == port && file.pidAlive())
                    .isPresent();
            if (running) {
                seen = true;
            } else if (seen) {
                fail("the server exited before it was ready");
                return;
            } else if (serverLogSince().contains("could not start server")) {
                fail("the server exited at once"); // pg_ctl's word: its postmaster is gone
                return;
            } else if (now - started > EmbeddedDatabase.APPEAR_WITHIN.toNanos()) {
                fail("no server process appeared within " + EmbeddedDatabase.APPEAR_WITHIN.toSeconds() + " s");
                return;
            }
            if (now >= nextProgress && !returned) {
                nextProgress = now + EmbeddedDatabase.PROGRESS_EVERY.toNanos();
                String last = lastServerLine();
                EmbeddedDatabase.log.info(
                        "waiting for the embedded PostgreSQL in {} to {} ({} s so far{})",
                        dir,
                        recovering || last.contains("recovery") || last.contains("redo")
                                ? "finish its crash recovery"
                                : "start",
                        TimeUnit.NANOSECONDS.toSeconds(now - started),
                        last.isEmpty() ? "" : "; it said: " + last);
            }
        }
    }

    private synchronized void fail(String why) {
        if (returned) {
            return;
        }
        String said = lastServerLine();
        failure = DiskFull.isNearlyFull(dir) || said.contains("No space left on device")
                ? new DatabaseUnavailableException(DiskFull.message(dir))
                : new DatabaseUnavailableException("could not start the embedded PostgreSQL in " + dir + ": " + why
                        + (said.isEmpty()
                                ? ""
                                : " (it said: " + said + "; see " + dir.resolve(EmbeddedDatabase.SERVER_LOG) + ")"));
        returned = true;
        starter.interrupt(); // zonky's wait ends at its next poll
    }

    synchronized void startReturned() {
        returned = true;
        if (failure != null) {
            Thread.interrupted(); // the interrupt was ours, to end zonky's wait
        }
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    synchronized Optional<DatabaseUnavailableException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The end of what the server and pg_ctl wrote since this start (empty on a first start). */
    private String serverLogSince() {
        Path serverLog = dir.resolve(EmbeddedDatabase.SERVER_LOG);
        try (RandomAccessFile file = new RandomAccessFile(serverLog.toFile(), "r")) {
            long from = Math.max(serverLogStart, file.length() - 16_384);
            byte[] tail = new byte[(int) Math.max(0, file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The server's last message since this start (its last FATAL or PANIC if it had one). */
    private String lastServerLine() {
        String last = "";
        String fatal = "";
        for (String line : serverLogSince().split("\n")) {
            String message = line.strip();
            if (message.isEmpty() || message.startsWith("waiting for server") || message.matches("[. ]*(done)?")) {
                continue;
            }
            last = message.replaceFirst("^\\d{4}-\\d\\d-\\d\\d [\\d:.]+ \\S+ \\[\\d+\\] ", "");
            if (last.startsWith("FATAL:") || last.startsWith("PANIC:")) {
                fatal = last;
            }
        }
        return fatal.isEmpty() ? last : fatal;
    }
}
