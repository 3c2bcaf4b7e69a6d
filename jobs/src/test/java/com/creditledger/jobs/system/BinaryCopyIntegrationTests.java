package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.jobs.EmbeddedPostgresSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinaryCopyIntegrationTests {

    private String url;

    @BeforeEach
    void createDatabase() {
        url = EmbeddedPostgresSupport.createDatabase("binarycopy");
    }

    @AfterEach
    void dropDatabase() {
        EmbeddedPostgresSupport.dropDatabase(url);
    }

    @Test
    void textOfAnyScriptNumbersAndInstantsComeBackAsWritten() throws SQLException {
        // given text in ASCII, Latin-1, other scripts and beyond the BMP, empty and null
        List<String> texts = List.of("req-0001", "café", "Ωμέγα", "数据", "😀 ok", "", "x".repeat(300));
        Instant at = Instant.parse("2026-11-02T10:00:00.123456Z");
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (no bigint, value text, at timestamptz, flag boolean)");
            }
            // when written by binary COPY and read back by binary COPY
            // (each value in three rows in a row, so the reader meets repeats of one value)
            try (BinaryCopyWriter copy = BinaryCopyWriter.open(connection, "t", "no, value, at, flag")) {
                for (int i = 0; i < texts.size() * 3; i++) {
                    copy.add(i).add(texts.get(i / 3)).add(at).add(i % 2 == 0).endRow();
                }
                copy.add(-1L).add((String) null).add((Instant) null).add(false).endRow();
            }
            List<String> read = new ArrayList<>();
            List<String> shared = new ArrayList<>();
            try (BinaryCopyReader rows =
                    BinaryCopyReader.open(connection, "SELECT no, value, at, flag, value FROM t ORDER BY no")) {
                while (rows.next()) {
                    read.add(rows.int8() + "|" + rows.text() + "|" + rows.timestamptz() + "|" + rows.bool());
                    shared.add(rows.sharedText());
                }
            }
            // then every value is the one written, and PostgreSQL sees the same text
            List<String> expected = new ArrayList<>();
            expected.add("-1|null|null|false");
            for (int i = 0; i < texts.size() * 3; i++) {
                expected.add(i + "|" + texts.get(i / 3) + "|" + at + "|" + (i % 2 == 0));
            }
            assertThat(read).containsExactlyElementsOf(expected);
            assertThat(shared.subList(1, shared.size()))
                    .containsExactlyElementsOf(
                            texts.stream().flatMap(t -> Stream.of(t, t, t)).toList());
            assertThat(shared.get(2))
                    .as("a repeated value is read as one instance")
                    .isSameAs(shared.get(3));
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT value, length(value) FROM t WHERE no = 12")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("😀 ok");
                assertThat(rs.getInt(2)).isEqualTo(4);
            }
        }
    }

    @Test
    void integerAndSmallintColumnsTakeTheirOwnWidthsAndNulls() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE n (row_no smallint, count integer, total bigint)");
            }
            // when written by binary COPY at the edges of each width
            try (BinaryCopyWriter copy = BinaryCopyWriter.open(connection, "n", "row_no, count, total")) {
                copy.addSmallint((short) 1).addInteger(7).add(7).endRow();
                copy.addSmallint(Short.MIN_VALUE)
                        .addInteger(Integer.MIN_VALUE)
                        .add(Long.MIN_VALUE)
                        .endRow();
                copy.addSmallint(Short.MAX_VALUE)
                        .addInteger(Integer.MAX_VALUE)
                        .add(Long.MAX_VALUE)
                        .endRow();
                copy.addSmallint((short) -1).addInteger(null).add(-1).endRow();
            }
            // then PostgreSQL holds exactly those values
            List<String> read = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT row_no, count, total FROM n ORDER BY row_no")) {
                while (rs.next()) {
                    read.add(rs.getShort(1) + "|" + rs.getObject(2) + "|" + rs.getLong(3));
                }
            }
            assertThat(read)
                    .containsExactly(
                            Short.MIN_VALUE + "|" + Integer.MIN_VALUE + "|" + Long.MIN_VALUE,
                            "-1|null|-1",
                            "1|7|7",
                            Short.MAX_VALUE + "|" + Integer.MAX_VALUE + "|" + Long.MAX_VALUE);
        }
    }

    @Test
    void rowsKeptInMemoryGoInOneCopyWhenSentAndNotBefore() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE m (no bigint, value text)");
            }
            // given rows encoded in memory, many blocks' worth, while the connection is free
            BinaryCopyWriter rows = BinaryCopyWriter.inMemory("m", "no, value");
            for (int i = 0; i < 20_000; i++) {
                rows.add(i).add("row " + i + " ✓").endRow();
            }
            assertThat(count(connection, "SELECT count(*) FROM m")).isZero(); // nothing sent yet
            assertThatThrownBy(rows::close).hasMessageContaining("seal them and send them");
            // when sealed and sent
            BinaryCopyWriter.Encoded sealed = rows.seal();
            sealed.copyTo(connection);
            // then every row arrived once, in order
            assertThat(count(connection, "SELECT count(*) FROM m")).isEqualTo(20_000);
            assertThat(count(connection, "SELECT sum(no) FROM m WHERE value = 'row ' || no || ' ✓'"))
                    .isEqualTo(19_999L * 20_000 / 2);
            assertThat(sealed.blocks()).hasSizeGreaterThan(2);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sharedTextKeepsEveryValueAsItsTableGrows() throws SQLException {
        // given 3,000 distinct values, each read twice (the shared table starts at 1,024 slots)
        try (Connection connection = DriverManager.getConnection(url);
                BinaryCopyReader rows = BinaryCopyReader.open(
                        connection, "SELECT 'ws-' || (n % 3000) FROM generate_series(0, 5999) AS n ORDER BY n")) {
            List<String> read = new ArrayList<>();
            while (rows.next()) {
                read.add(rows.sharedText());
            }
            // then each value comes back as written, the second time as the instance of the first
            assertThat(read).hasSize(6000);
            for (int n = 0; n < 6000; n++) {
                assertThat(read.get(n)).isEqualTo("ws-" + (n % 3000));
            }
            assertThat(read.get(4500)).isSameAs(read.get(1500));
        }
    }

    @Test
    void exactInstantsKeepEveryNanosecondAndOrderAsInstantsDo() throws SQLException {
        // given instants finer than a microsecond, before 1970 and after 2000, a whole second and null
        List<Instant> instants = List.of(
                Instant.parse("2026-03-15T00:00:00.000000500Z"),
                Instant.parse("2026-03-15T00:00:00.000000499Z"),
                Instant.parse("2026-03-15T00:00:00.000001Z"),
                Instant.parse("2026-03-10T10:00:00.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.999999001Z"),
                Instant.parse("2026-03-15T00:00:00Z"));
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (no bigint, at timestamptz, at_ns smallint)");
            }
            // when written as exact pairs by binary COPY and by JDBC parameters
            try (BinaryCopyWriter copy = BinaryCopyWriter.open(connection, "t", "no, at, at_ns")) {
                for (int i = 0; i < instants.size(); i++) {
                    copy.add(i).addExact(instants.get(i)).endRow();
                }
                copy.add(-1L).addExact(null).endRow();
            }
            try (var insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 0; i < instants.size(); i++) {
                    insert.setLong(1, 100 + i);
                    insert.setObject(2, Sql.utc(instants.get(i)));
                    insert.setObject(3, Sql.nanos(instants.get(i)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // then both read back exactly, and PostgreSQL orders the pairs as the instants
            List<Instant> copied = new ArrayList<>();
            try (BinaryCopyReader rows =
                    BinaryCopyReader.open(connection, "SELECT no, at, at_ns FROM t WHERE no < 100 ORDER BY no")) {
                while (rows.next()) {
                    rows.int8();
                    copied.add(rows.exactInstant());
                }
            }
            assertThat(copied.get(0)).isNull();
            assertThat(copied.subList(1, copied.size())).containsExactlyElementsOf(instants);
            List<Instant> ordered = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT at, at_ns FROM t WHERE no >= 100 ORDER BY at, at_ns")) {
                while (rs.next()) {
                    ordered.add(Sql.exact(rs, 1));
                }
            }
            assertThat(ordered)
                    .containsExactlyElementsOf(instants.stream().sorted().toList());
        }
    }

    @Test
    void textThatCannotBeStoredIsRefusedBeforeTheServerAndBytesGoAsTheyAre() throws SQLException {
        // given a table with a text and a bytea column
        byte[] bytes = {'u', '-', '3', (byte) 0xff, 0, (byte) 0xfe};
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (value text, raw bytea)");
            }
            connection.commit();
            // when a NUL or a lone surrogate is written as text, and bytes of any kind as bytea
            for (String bad : List.of("a\u0000b", "\u0000", "x\ud800", "\udc00y", "é\u0000")) {
                BinaryCopyWriter copy = BinaryCopyWriter.open(connection, "t", "value, raw");
                assertThatThrownBy(() -> copy.add(bad))
                        .as(bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("a value for t holds a");
                copy.cancel();
                connection.rollback();
            }
            try (BinaryCopyWriter copy = BinaryCopyWriter.open(connection, "t", "value, raw")) {
                copy.add("😀").add(bytes).endRow();
                copy.add((String) null).add((byte[]) null).endRow();
            }
            // then the server holds the bytes unchanged
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT value, raw FROM t ORDER BY value NULLS LAST")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("😀");
                assertThat(rs.getBytes(2)).isEqualTo(bytes);
                rs.next();
                assertThat(rs.getBytes(2)).isNull();
            }
        }
    }
}
