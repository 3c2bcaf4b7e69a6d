package com.creditledger.jobs.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a PostgreSQL server writes to {@code postmaster.pid} in its data directory while it runs
 * (PostgreSQL's {@code LOCK_FILE_LINE_*}): its pid, data directory, start time, port, shared
 * memory segment and status ({@code starting}, {@code ready}, {@code stopping}). A server that
 * exits removes the file; one killed with {@code kill -9} leaves it behind.
 *
 * @param pid the postmaster's process id
 * @param dataDirectory the data directory as the server was given it
 * @param startedEpochSecond when the postmaster started
 * @param port the TCP port it listens on
 * @param shmemId the id of its System V shared memory segment, which every process of the server
 *     holds attached (-1 when the file does not say)
 * @param status what the server is doing, empty while it writes the file
 */
record PostmasterPidFile(long pid, Path dataDirectory, long startedEpochSecond, int port, long shmemId, String status) {

    static final String NAME = "postmaster.pid";

    /** The file in {@code dataDirectory}, if there is one whole enough to name a server. */
    static Optional<PostmasterPidFile> read(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve(NAME));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DatabaseUnavailableException(
                    "could not read " + dataDirectory.resolve(NAME) + ": " + e.getMessage(), e);
        }
        if (lines.size() < 4) {
            return Optional.empty(); // being written: the server writes its pid, directory, start and port at once
        }
        try {
            String[] shmem = lines.size() > 6 ? lines.get(6).strip().split("\\s+") : new String[0];
            return Optional.of(new PostmasterPidFile(
                    Long.parseLong(lines.get(0).strip()),
                    Path.of(lines.get(1).strip()),
                    Long.parseLong(lines.get(2).strip()),
                    Integer.parseInt(lines.get(3).strip()),
                    shmem.length == 2 ? Long.parseLong(shmem[1]) : -1,
                    lines.size() > 7 ? lines.get(7).strip() : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code postmaster.pid} in {@code dataDirectory} still names {@code pid} (a server
     * removes it as the last thing it does; a file caught half rewritten still names it).
     */
    static boolean stillNames(Path dataDirectory, long pid) {
        if (!Files.exists(dataDirectory.resolve(NAME))) {
            return false;
        }
        try {
            String first = Files.readAllLines(dataDirectory.resolve(NAME)).stream()
                    .findFirst()
                    .orElse("")
                    .strip();
            return first.isEmpty() || first.equals(Long.toString(pid));
        } catch (IOException e) {
            return Files.exists(dataDirectory.resolve(NAME));
        }
    }

    /** Whether a process with this pid runs now (it may be another program that got the pid since). */
    boolean pidAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The running postmaster this file names: a live process with its pid that is a {@code
     * postgres} started when the file says (a pid alone can belong to another program by now).
     * What the system does not tell (another user's process) is taken to match.
     */
    Optional<ProcessHandle> server() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(process -> {
            ProcessHandle.Info info = process.info();
            boolean postgres = info.command()
                    .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                    .orElse(true);
            boolean startedThen = info.startInstant()
                    .map(start -> Math.abs(start.getEpochSecond() - startedEpochSecond) <= 5)
                    .orElse(true);
            return postgres && startedThen;
        });
    }

    /** Whether this server works on {@code directory} (the same folder, whatever the path's spelling). */
    boolean servesDirectory(Path directory) {
        try {
            return Files.isSameFile(dataDirectory, directory);
        } catch (IOException e) {
            return dataDirectory
                    .toAbsolutePath()
                    .normalize()
                    .equals(directory.toAbsolutePath().normalize());
        }
    }

    /**
     * How many processes still hold this server's shared memory attached, from Linux's {@code
     * /proc/sysvipc/shm}: after its postmaster was killed, its other processes run until they
     * notice, and a new server refuses to start while they do. 0 when the segment is gone or the
     * system does not say.
     */
    int attachedProcesses() {
        Path table = Path.of("/proc/sysvipc/shm");
        if (shmemId < 0 || !Files.isReadable(table)) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.strip().split("\\s+");
                // key shmid perms size cpid lpid nattch ...
                if (fields.length > 6 && fields[1].equals(Long.toString(shmemId))) {
                    return Integer.parseInt(fields[6]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
