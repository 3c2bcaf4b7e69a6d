package com.creditledger.jobs.system;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/**
 * A full disk, recognised wherever it surfaces (a write's {@code ENOSPC}, PostgreSQL's {@code
 * disk_full}, a server that stopped because it could not write its WAL) and said in one line: where,
 * and what to do.
 */
public final class DiskFull {

    /** PostgreSQL's SQLSTATE {@code disk_full}. */
    static final String DISK_FULL = "53100";

    /** Less than one WAL segment: PostgreSQL cannot start or checkpoint in less. */
    static final long NEARLY_FULL_BYTES = 16L << 20;

    private DiskFull() {}

    private static final String SAYING = "no space left on device in ";

    /** The one line for a full disk holding {@code place}. */
    public static String message(Object place) {
        return SAYING + place + ": free space and run the same command again";
    }

    /** Whether {@code message} is already that line. */
    public static boolean says(String message) {
        return message != null && message.startsWith(SAYING);
    }

    /** Whether a failure or one of its causes says that a disk is full. */
    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && DISK_FULL.equals(sql.getSQLState())) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null
                    && (message.contains("No space left on device")
                            || message.contains("ENOSPC")
                            // PostgreSQL's disk_full when a write came up short (no errno to quote)
                            || message.contains("Check free disk space"))) {
                return true;
            }
        }
        return false;
    }

    /** The folder a failure's causes name, when a write to a named file failed. */
    public static Optional<Path> namedFolder(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileSystemException fs && fs.getFile() != null) {
                Path file = Path.of(fs.getFile()).toAbsolutePath();
                return Optional.of(Files.isDirectory(file) || file.getParent() == null ? file : file.getParent());
            }
        }
        return Optional.empty();
    }

    /** The first of {@code folders} on a disk with less than a WAL segment free. */
    public static Optional<Path> nearlyFull(Collection<Path> folders) {
        return folders.stream().filter(DiskFull::isNearlyFull).findFirst();
    }

    /** Whether the disk holding {@code folder} (or its nearest existing parent) is nearly full. */
    public static boolean isNearlyFull(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException e) {
            return false;
        }
    }
}
