package com.creditledger.jobs.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tmpfs to fill up: only root may mount one, and a container may forbid it even to root. */
final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Why no tmpfs can be mounted here, or null when one may be. */
    static String refusal() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "tmpfs needs Linux, this is " + System.getProperty("os.name");
        }
        try {
            String uid = run(List.of("id", "-u")).strip();
            return uid.equals("0") ? null : "not running as root (uid " + uid + "), so mount is not permitted";
        } catch (IOException e) {
            return "cannot tell the user id: " + e.getMessage();
        }
    }

    /** Mounts a tmpfs of {@code kib} KiB at {@code mountPoint}. */
    static Tmpfs mount(Path mountPoint, long kib) throws IOException {
        Files.createDirectories(mountPoint);
        try {
            run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0700", "tmpfs", mountPoint.toString()));
        } catch (IOException e) {
            throw new IOException("mount refused: " + e.getMessage(), e);
        }
        return new Tmpfs(mountPoint);
    }

    /** Unmounts what an earlier run that died left mounted under {@code root}. */
    static void unmountAllUnder(Path root) throws IOException {
        Path mounts = Path.of("/proc/mounts");
        if (!Files.isReadable(mounts)) {
            return;
        }
        for (String line : Files.readAllLines(mounts, StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 2
                    && fields[2].equals("tmpfs")
                    && Path.of(fields[1]).startsWith(root)) {
                new Tmpfs(Path.of(fields[1])).close();
            }
        }
    }

    Path mountPoint() {
        return mountPoint;
    }

    /** KiB in use. */
    long usedKib() throws IOException {
        FileStore store = Files.getFileStore(mountPoint);
        return (store.getTotalSpace() - store.getUnallocatedSpace()) / 1024;
    }

    /** Grows or shrinks it (never below what is in use). */
    void resize(long kib) throws IOException {
        run(List.of("mount", "-o", "remount,size=" + kib + "k", mountPoint.toString()));
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of("umount", mountPoint.toString()));
        } catch (IOException busy) {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + output.strip());
        }
        return output;
    }
}
