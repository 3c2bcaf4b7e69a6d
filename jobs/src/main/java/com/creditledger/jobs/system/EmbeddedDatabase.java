package com.creditledger.jobs.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * An embedded PostgreSQL server whose data stays in a folder across runs.
 *
 * <p>One billing process at a time owns a folder: it holds the folder's lock file ({@code
 * epg-lock}) for as long as it runs, and a second one gets a clear error instead of a second
 * postmaster on the same data. The operating system drops the lock when its process dies, even by
 * {@code kill -9}; the server does not die with it (pg_ctl starts it detached). So the process
 * that takes the lock next looks for a server left running in the folder: one that {@code
 * billing-owner} shows a billing process started, that process being dead, it stops with a fast
 * shutdown and says so; one it cannot prove a billing process's it names and leaves alone. A
 * server that died too leaves crash recovery behind, which startup waits for, saying how long it
 * has waited, instead of giving up after a fixed time.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** How often a slow start or stop says that it is still waiting. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** How long a server may take to appear at all once started (not to finish its recovery). */
    static final Duration APPEAR_WITHIN = Duration.ofSeconds(60);
    /** How long a fast shutdown may take before an immediate one is asked for. */
    static final Duration FAST_SHUTDOWN_WITHIN = Duration.ofMinutes(2);
    /** zonky's lock file: held by the billing process that uses the folder, for as long as it runs. */
    private static final String LOCK_FILE = "epg-lock";
    /** The server's own output (its startup, recovery and failures), kept in the data directory. */
    static final String SERVER_LOG = "postgres.log";

    static final long SERVER_LOG_KEPT_BYTES = 10L << 20;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Optional<PostmasterPidFile> server;
    /** The postmaster this process started, while it ran (taken at the start: its pid may be reused). */
    private final Optional<ProcessHandle> postmaster;
    /** Set once this process stops the server itself: its exit from then on is no death. */
    private volatile boolean stopping;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.server = PostmasterPidFile.read(dataDirectory);
        this.postmaster = server.flatMap(PostmasterPidFile::server);
    }

    /**
     * Starts (initialising on first use) the server with its data in {@code dataDirectory}, after
     * stopping a server a dead billing process left running there.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        EmbeddedTakeover takeover = new EmbeddedTakeover(dir);
        try {
            Files.createDirectories(dir);
            boolean initialised = Files.exists(dir.resolve("postgresql.conf"));
            if (!initialised && !isEmpty(dir)) {
                throw new DatabaseUnavailableException(dir + " holds files but no PostgreSQL database (it has no"
                        + " postgresql.conf); pass --db-dir with a new or empty folder (if a billing process was"
                        + " killed while it created the database here, remove the folder first)");
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(takeover.port)
                    // the server says when it is ready, or the takeover's watch sees it die
                    .setPGStartupWait(Duration.ofDays(365))
                    // runs holding the folder's lock, after a first initdb, just before the server starts
                    .setDataDirectoryCustomizer(takeover::prepare)
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
                    .setServerConfig("synchronous_commit", "off");
            if (initialised) {
                // before a first initdb the folder must stay empty: that start's output is not kept
                ProcessBuilder.Redirect serverLog =
                        ProcessBuilder.Redirect.appendTo(dir.resolve(SERVER_LOG).toFile());
                builder.setOutputRedirector(serverLog).setErrorRedirector(serverLog);
            }
            EmbeddedPostgres postgres;
            try {
                postgres = builder.start();
            } finally {
                takeover.startReturned();
            }
            Optional<DatabaseUnavailableException> failed = takeover.failure();
            if (failed.isPresent()) {
                closeQuietly(postgres);
                throw failed.get();
            }
            return new EmbeddedDatabase(postgres, dir);
        } catch (OverlappingFileLockException e) {
            throw inUse(dir);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
                throw inUse(dir);
            }
            throw couldNotStart(dir, e);
        } catch (IOException e) {
            throw couldNotStart(dir, e);
        }
    }

    /**
     * Deletes the folder of an embedded database (the demo starts afresh), once no billing process
     * uses it and no server runs on it: a server a dead billing process left running there is
     * stopped first, as a start would.
     */
    public static void delete(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Path lockFile = dir.resolve(LOCK_FILE);
        if (Files.exists(lockFile)) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    throw inUse(dir);
                }
                Optional<PostmasterPidFile> left = PostmasterPidFile.read(dir);
                if (left.isPresent() && left.get().server().isPresent()) {
                    new EmbeddedTakeover(dir)
                            .stopOrphan(left.get(), left.get().server().get());
                }
            } catch (OverlappingFileLockException e) {
                throw inUse(dir);
            } catch (IOException e) {
                throw new DatabaseUnavailableException("could not lock " + lockFile + ": " + e.getMessage(), e);
            }
        }
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("could not delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static DatabaseUnavailableException couldNotStart(Path dir, Exception e) {
        if (DiskFull.causes(e) || DiskFull.isNearlyFull(dir)) {
            return new DatabaseUnavailableException(DiskFull.message(dir), e);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DatabaseUnavailableException("could not start the embedded PostgreSQL in " + dir + ": " + why, e);
    }

    static DatabaseUnavailableException inUse(Path dir) {
        String holder = DataDirectoryOwner.read(dir)
                .filter(DataDirectoryOwner::isAlive)
                .map(owner -> owner.isThisProcess()
                        ? "this billing process"
                        : "another billing process (pid " + owner.pid() + ", running since " + owner.started() + ")")
                .orElse("another billing process");
        return new DatabaseUnavailableException("the embedded database in " + dir + " is in use by " + holder
                + "; wait for it to finish, or pass --db-dir with another folder");
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close(); // releases the folder's lock; there is no server to stop
        } catch (IOException | RuntimeException ignored) {
            // the failure that made us close it is the one to report
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Runs {@code died} once, on a daemon thread, if the server exits before this process asks it to
     * stop ({@code kill -9}, a crash): its connections fail then, and every wait for a new one lasts
     * the pool's whole connection timeout. Checked four times a second.
     */
    public void watchServer(Runnable died) {
        if (postmaster.isEmpty()) {
            return; // no running postmaster was found at the start: nothing to watch
        }
        Thread watch = new Thread(
                () -> {
                    while (!stopping && !serverDied()) {
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (!stopping) {
                        died.run();
                    }
                },
                "embedded-postgres-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Whether the server this process started has exited without this process stopping it. */
    public boolean serverDied() {
        return !stopping && postmaster.isPresent() && !running(postmaster.get());
    }

    /** Alive and not a zombie (a killed postmaster waits as one where nothing reaps it). */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc here
        }
    }

    /**
     * Stops the server. zonky waits five seconds for the shutdown and then lets go of the folder;
     * a longer shutdown (a large checkpoint) is waited for here, so that the folder is free for
     * the next command when this process ends.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new DatabaseUnavailableException("could not stop the embedded PostgreSQL in " + dataDirectory, e);
        }
        server.flatMap(PostmasterPidFile::server).ifPresent(process -> {
            if (!awaitStopped(process, dataDirectory, FAST_SHUTDOWN_WITHIN)) {
                log.warn(
                        "the embedded PostgreSQL in {} (pid {}) is still stopping; the next billing command waits"
                                + " for it",
                        dataDirectory,
                        process.pid());
            }
        });
    }

    /** Whether {@code server} exited (or left the folder) within {@code patience}, saying so while it waits. */
    static boolean awaitStopped(ProcessHandle server, Path dir, Duration patience) {
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        while (server.isAlive() && PostmasterPidFile.stillNames(dir, server.pid())) {
            long now = System.nanoTime();
            if (now - started > patience.toNanos()) {
                return false;
            }
            if (now >= nextProgress) {
                nextProgress = now + PROGRESS_EVERY.toNanos();
                log.info(
                        "waiting for the PostgreSQL server (pid {}) in {} to stop ({} s so far)",
                        server.pid(),
                        dir,
                        TimeUnit.NANOSECONDS.toSeconds(now - started));
            }
            sleep(100);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting for the embedded PostgreSQL", e);
        }
    }
}
