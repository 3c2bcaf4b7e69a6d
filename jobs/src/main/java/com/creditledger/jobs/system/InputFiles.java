package com.creditledger.jobs.system;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file a command is given to read (a request log, a catalog file), checked before it is opened
 * so that each way it cannot be read is said in its own words: no such file, a directory, not a
 * regular file (a FIFO, a socket, a device), permission denied.
 */
public final class InputFiles {

    private InputFiles() {}

    /** Returns normally when {@code file} is a regular file this process may read. */
    public static void requireReadable(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new BillingException("no such file: " + file + "; check the path (relative paths in a script"
                    + " resolve against the script's folder)");
        } catch (AccessDeniedException e) {
            throw new BillingException("permission denied: " + file + " cannot be reached (a folder on its path"
                    + " cannot be searched by this user); grant access and run the same command again");
        } catch (IOException e) {
            throw new BillingException("could not read " + file + ": " + e.getMessage(), e);
        }
        if (attributes.isDirectory()) {
            throw new BillingException(file + " is a directory, not a file; name the files in it (for example "
                    + file.resolve("*.csv") + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new BillingException(file + " is not a regular file (" + kind(file) + "); copy what it holds to a"
                    + " file and pass that");
        }
        if (!Files.isReadable(file)) {
            throw new BillingException("permission denied: " + file + " cannot be read by this user; grant read"
                    + " permission (chmod u+r) and run the same command again");
        }
    }

    /** Whether {@code file} passes {@link #requireReadable}, without saying why not. */
    public static boolean isReadable(Path file) {
        return Files.isRegularFile(file) && Files.isReadable(file);
    }

    /** What a file that is neither a directory nor a regular file is, from its Unix mode. */
    private static String kind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }
}
