package com.creditledger.jobs.faults;

/**
 * When, during a command, the fault strikes: a time after the process started, or the moment the
 * database shows the run has reached a point (files ingested, workspaces rated, charges answered),
 * plus a delay.
 */
sealed interface KillPoint {

    /** Whether the point is reached, {@code elapsedMillis} after the start, reading the database. */
    boolean reached(long elapsedMillis, PostgresDir database);

    /** How long to wait once reached, in milliseconds. */
    long thenMillis();

    /** For the trial's line. */
    String describe();

    /** {@code millis} after the process started (0: at once, while the JVM starts). */
    record AfterStart(long millis) implements KillPoint {

        @Override
        public boolean reached(long elapsedMillis, PostgresDir database) {
            return elapsedMillis >= millis;
        }

        @Override
        public long thenMillis() {
            return 0;
        }

        @Override
        public String describe() {
            return millis + " ms after start";
        }
    }

    /** Once {@code sql}'s count reaches {@code atLeast}, then {@code thenMillis} later. */
    record WhenCount(String what, String sql, long atLeast, long thenMillis) implements KillPoint {

        @Override
        public boolean reached(long elapsedMillis, PostgresDir database) {
            return database.count(sql) >= atLeast;
        }

        @Override
        public String describe() {
            return atLeast + " " + what + (thenMillis == 0 ? "" : " +" + thenMillis + " ms");
        }
    }

    /** No kill: the database's file system has only {@code kib} KiB free when the command starts. */
    record FreeSpace(long kib) implements KillPoint {

        @Override
        public boolean reached(long elapsedMillis, PostgresDir database) {
            return false;
        }

        @Override
        public long thenMillis() {
            return 0;
        }

        @Override
        public String describe() {
            return "tmpfs with " + kib + " KiB free";
        }
    }
}
