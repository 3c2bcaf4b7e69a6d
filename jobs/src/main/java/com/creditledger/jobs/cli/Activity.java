package com.creditledger.jobs.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one {@code billing} process is doing, shared by a script and its lines: the command that
 * runs, whether a failure line was printed, and whether this process may end the JVM. The line
 * that reports an embedded server's death reads it, from the server's watch thread.
 */
final class Activity {

    private final boolean ownsProcess;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile String command;
    private volatile int exit = -1;

    /**
     * @param ownsProcess true for {@code main}: the process ends (with exit 1) when its embedded
     *     server dies; false in-process (tests), where only the line is printed
     */
    Activity(boolean ownsProcess) {
        this.ownsProcess = ownsProcess;
    }

    boolean ownsProcess() {
        return ownsProcess;
    }

    void started(String command) {
        this.command = command;
    }

    void ended(int exit) {
        this.command = null;
        this.exit = exit;
    }

    /** The command running now ({@code rate}, {@code jobs restart}), or null once the last one ended. */
    String command() {
        return command;
    }

    /** The exit code of the command that ended, or -1 while one runs. */
    int exit() {
        return exit;
    }

    /** True for the first failure line of the process, which is printed; false for any later one. */
    boolean claimReport() {
        return reported.compareAndSet(false, true);
    }
}
