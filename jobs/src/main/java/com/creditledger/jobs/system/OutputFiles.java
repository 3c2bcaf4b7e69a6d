package com.creditledger.jobs.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file a command was told to write (an export, a report), and the one line for a failure to write it. */
public final class OutputFiles {

    private OutputFiles() {}

    /** The failure to write {@code file}, said in one line. */
    public static BillingException cannotWrite(Path file, UncheckedIOException failure) {
        Path parent = file.toAbsolutePath().getParent();
        return cannotWrite(file, parent == null ? file : parent, failure);
    }

    /** The failure to write {@code what} (a file, or the files of a folder) in {@code folder}, said in one line. */
    public static BillingException cannotWrite(Path what, Path folder, UncheckedIOException failure) {
        IOException cause = failure.getCause();
        Path file = what;
        if (DiskFull.causes(failure)) {
            return new BillingException(DiskFull.message(folder), failure);
        }
        if (cause instanceof NoSuchFileException) {
            return new BillingException(
                    "could not write " + file + ": the folder " + folder + " does not exist;"
                            + " create it, or name another file",
                    failure);
        }
        if (cause instanceof AccessDeniedException) {
            return new BillingException(
                    "permission denied: could not write " + file + "; grant this user write" + " permission in "
                            + folder + ", or name another file",
                    failure);
        }
        return new BillingException("could not write " + file + ": " + cause.getMessage(), failure);
    }
}
