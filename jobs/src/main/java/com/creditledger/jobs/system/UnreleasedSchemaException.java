package com.creditledger.jobs.system;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The database was made by the migrations that came before {@code V1__baseline.sql}: twelve steps
 * squashed into it before the first release, so no path leads from their history to this one.
 * Flyway would only say that its validation failed, with a stack trace and a hint to repair.
 */
public final class UnreleasedSchemaException extends FlywayException {

    /** The first of the squashed migrations, as the schema history of such a database names it. */
    static final String SQUASHED_FIRST_MIGRATION = "V1__spring_batch.sql";

    UnreleasedSchemaException() {
        super("this database was created by an older, unreleased schema of billing");
    }

    /** Migrates, unless the database's history starts with the squashed migrations. */
    static void migrate(Flyway flyway) {
        if (Arrays.stream(flyway.info().applied())
                .anyMatch(applied -> SQUASHED_FIRST_MIGRATION.equals(applied.getScript()))) {
            throw new UnreleasedSchemaException();
        }
        flyway.migrate();
    }
}
