package com.creditledger.jobs.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A migration that has landed never changes: databases that ran it keep what it made, and Flyway
 * refuses them once its checksum differs. Nor do the placeholder values it was run with: Flyway's
 * checksum is taken before they are replaced, so a changed set would give new databases another
 * constraint than old ones without a word. db/landed-migrations.txt lists both.
 */
class MigrationFreezeTests {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path LANDED = Path.of("src/test/resources/db/landed-migrations.txt");

    @Test
    void noLandedMigrationOrPlaceholderValueChanges() throws IOException {
        Map<String, String> landedFiles = new LinkedHashMap<>();
        Map<String, String> landedPlaceholders = new LinkedHashMap<>();
        for (String line : Files.readAllLines(LANDED, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ", 2);
            if (parts[0].equals("placeholder")) {
                String[] named = parts[1].split("=", 2);
                landedPlaceholders.put(named[0], named[1]);
            } else {
                landedFiles.put(parts[0], parts[1].replaceFirst("^sha256=", ""));
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> migrations = Files.list(MIGRATIONS)) {
            migrations.sorted().forEach(file -> files.put(file.getFileName().toString(), sha256(file)));
        }
        List<String> problems = new ArrayList<>();
        landedFiles.forEach((name, sum) -> {
            if (!files.containsKey(name)) {
                problems.add(name + " has landed but is gone: restore it (databases have run it).");
            } else if (!files.get(name).equals(sum)) {
                problems.add(name + " has landed and must not change (its SHA-256 was " + sum + ", is "
                        + files.get(name) + "): databases that ran it keep what it made. Revert it and add a new"
                        + " migration instead, V" + (files.size() + 1) + "__what_it_does.sql.");
            }
        });
        files.forEach((name, sum) -> {
            if (!landedFiles.containsKey(name)) {
                problems.add(name + " is new: list it in " + LANDED + " with the migration, as the line\n    " + name
                        + " sha256=" + sum);
            }
        });
        Map<String, String> placeholders = SchemaPlaceholders.values();
        landedPlaceholders.forEach((name, value) -> {
            if (!placeholders.containsKey(name)) {
                problems.add("placeholder " + name + " is gone, but a landed migration uses it: keep it.");
            } else if (!placeholders.get(name).equals(value)) {
                problems.add("placeholder " + name + " changed from " + value + " to " + placeholders.get(name)
                        + ": databases migrated before keep the constraint made with the old values. Add a new"
                        + " migration that replaces that constraint (ALTER TABLE ... DROP CONSTRAINT ..., ADD"
                        + " CONSTRAINT ... CHECK (... IN (${" + name + "}))), then update its line here.");
            }
        });
        placeholders.forEach((name, value) -> {
            if (!landedPlaceholders.containsKey(name)) {
                problems.add("placeholder " + name + " is new: list it in " + LANDED + ", as the line\n    placeholder "
                        + name + "=" + value);
            }
        });
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
