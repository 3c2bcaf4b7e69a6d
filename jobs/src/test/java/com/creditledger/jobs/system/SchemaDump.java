package com.creditledger.jobs.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema {@code public} as PostgreSQL's catalogs describe it, as SQL in a fixed order: tables
 * (with columns in their order, constraints, storage parameters, partitioning and comments),
 * partitions, sequences, indexes, functions, triggers and views. The same schema always gives the
 * same text, whatever the order it was built in; Flyway's history table is left out.
 */
final class SchemaDump {

    private SchemaDump() {}

    static String of(Connection connection) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'"); // partition bounds are printed in the session's zone
            tables(statement, out);
            for (String line : strings(statement, """
                    SELECT format('CREATE TABLE %s PARTITION OF %s %s;', c.relname, p.relname,
                                  pg_get_expr(c.relpartbound, c.oid))
                    FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relispartition AND c.relkind IN ('r', 'p')
                    ORDER BY p.relname, c.relname
                    """)) {
                out.append(line).append('\n');
            }
            section(out, "Sequences (identity columns' are in their tables)");
            for (String line : strings(statement, """
                    SELECT format('CREATE SEQUENCE %s AS %s START %s INCREMENT %s MINVALUE %s MAXVALUE %s CACHE %s%s%s;',
                                  c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
                                  s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END,
                                  (SELECT ' OWNED BY ' || t.relname || '.' || a.attname FROM pg_depend d
                                   JOIN pg_class t ON t.oid = d.refobjid
                                   JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'))
                    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relname <> 'flyway_schema_history'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                      AND d.objid = c.oid AND d.deptype = 'i')
                    ORDER BY c.relname
                    """)) {
                out.append(line).append('\n');
            }
            section(
                    out,
                    "Indexes (those of keys and unique constraints are in their tables, partitions' in their parents)");
            for (String line : strings(statement, """
                    SELECT pg_get_indexdef(i.indexrelid) || ';'
                    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                    WHERE c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
                      AND t.relname <> 'flyway_schema_history'
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = t.oid)
                    ORDER BY t.relname, c.relname
                    """)) {
                out.append(line).append('\n');
            }
            section(out, "Functions");
            for (String line : strings(statement, """
                    SELECT rtrim(pg_get_functiondef(p.oid), E'\\n') || ';'
                           || coalesce(E'\\nCOMMENT ON FUNCTION ' || p.oid::regprocedure || ' IS '
                                       || quote_literal(obj_description(p.oid, 'pg_proc')) || ';', '')
                    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
                    ORDER BY p.proname, p.oid::regprocedure::text
                    """)) {
                out.append(line).append("\n\n");
            }
            section(out, "Triggers (a row trigger of a partitioned table is on each partition too)");
            for (String line : strings(statement, """
                    SELECT pg_get_triggerdef(t.oid) || ';'
                    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal AND t.tgparentid = 0
                    ORDER BY c.relname, t.tgname
                    """)) {
                out.append(line).append('\n');
            }
            section(out, "Views");
            for (String line : strings(statement, """
                    SELECT 'CREATE VIEW ' || c.relname || E' AS\\n' || pg_get_viewdef(c.oid, true)
                           || coalesce(E'\\nCOMMENT ON VIEW ' || c.relname || ' IS '
                                       || quote_literal(obj_description(c.oid, 'pg_class')) || ';', '')
                    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
                    ORDER BY c.relname
                    """)) {
                out.append(line).append('\n');
            }
            section(out, "Grants (none but the owner's when empty)");
            for (String line : strings(statement, """
                    SELECT c.relname || ': ' || c.relacl::text FROM pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relacl IS NOT NULL
                    UNION ALL
                    SELECT p.oid::regprocedure || ': ' || p.proacl::text FROM pg_proc p
                    WHERE p.pronamespace = 'public'::regnamespace AND p.proacl IS NOT NULL
                    ORDER BY 1
                    """)) {
                out.append("-- ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static void tables(Statement statement, StringBuilder out) throws SQLException {
        List<String[]> tables = rows(statement, """
                SELECT c.oid::text, c.relname, c.relpersistence::text, c.relkind::text,
                       coalesce(pg_get_partkeydef(c.oid), ''), coalesce(array_to_string(c.reloptions, ', '), ''),
                       coalesce(obj_description(c.oid, 'pg_class'), '')
                FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND c.relname <> 'flyway_schema_history'
                ORDER BY c.relname
                """);
        for (String[] table : tables) {
            String oid = table[0];
            String name = table[1];
            out.append('\n')
                    .append("u".equals(table[2]) ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ")
                    .append(name)
                    .append(" (\n");
            List<String> items = new ArrayList<>();
            items.addAll(strings(statement, """
                    SELECT '    ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                           || CASE WHEN a.attcollation <> t.typcollation THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END
                           || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
                                                 WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
                           || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
                           || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                           || CASE WHEN a.attstorage <> t.typstorage THEN ' STORAGE ' || a.attstorage ELSE '' END
                    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                    LEFT JOIN pg_collation co ON co.oid = a.attcollation
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY a.attnum
                    """.formatted(oid)));
            items.addAll(strings(statement, """
                    SELECT '    CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid)
                    FROM pg_constraint WHERE conrelid = %s ORDER BY contype, conname
                    """.formatted(oid)));
            out.append(String.join(",\n", items)).append("\n)");
            if (!table[4].isEmpty()) {
                out.append(" PARTITION BY ").append(table[4]);
            }
            if (!table[5].isEmpty()) {
                out.append(" WITH (").append(table[5]).append(')');
            }
            out.append(";\n");
            if (!table[6].isEmpty()) {
                out.append("COMMENT ON TABLE ")
                        .append(name)
                        .append(" IS ")
                        .append(literal(table[6]))
                        .append(";\n");
            }
            for (String line : strings(statement, """
                    SELECT 'COMMENT ON COLUMN ' || c.relname || '.' || a.attname || ' IS '
                           || quote_literal(col_description(a.attrelid, a.attnum)) || ';'
                    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                    WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
                      AND col_description(a.attrelid, a.attnum) IS NOT NULL
                    ORDER BY a.attnum
                    """.formatted(oid))) {
                out.append(line).append('\n');
            }
        }
        section(out, "Partitions (columns, constraints and indexes are their parents')");
    }

    private static void section(StringBuilder out, String title) {
        out.append("\n-- ").append(title).append('\n');
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        for (String[] row : rows(statement, sql)) {
            values.add(row[0]);
        }
        return values;
    }

    private static List<String[]> rows(Statement statement, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
