package com.creditledger.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.creditledger.rating.QuarantineReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestLogReaderTests {

    private static final String HEADER = "request_id,occurred_at,workspace_id,kind,model,input_tokens";

    @TempDir
    Path dir;

    @Test
    void csvWithBomAndCrlfIsSplitIntoFieldsByHeaderName() throws IOException {
        // given
        Path file = write(
                "r.csv",
                "\uFEFF" + HEADER + "\r\n" + "r-1,2026-03-01T00:00:00Z,ws-1,chat,gpt-5,10\r\n"
                        + "r-2,2026-03-01T00:00:01Z,ws-1,chat,gpt-5,\r\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(2);
        assertThat(records.get(0).line()).isEqualTo(2);
        assertThat(records.get(0).fields())
                .containsExactly(
                        entry("request_id", "r-1"),
                        entry("occurred_at", "2026-03-01T00:00:00Z"),
                        entry("workspace_id", "ws-1"),
                        entry("kind", "chat"),
                        entry("model", "gpt-5"),
                        entry("input_tokens", "10"));
        assertThat(records.get(0).raw()).isEqualTo("r-1,2026-03-01T00:00:00Z,ws-1,chat,gpt-5,10");
        assertThat(records.get(1).line()).isEqualTo(3);
        assertThat(records.get(1).fields()).doesNotContainKey("input_tokens").hasSize(5);
    }

    @Test
    void mixedLineEndingsAndBlankLinesAreCountedButNotReturned() throws IOException {
        // given
        Path file = write("r.csv", "a,b\n1,2\r\n\n   \r\n3,4\n \t \n5,6\r\n\r\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 5L, 7L);
        assertThat(records).extracting(RawRecord::raw).containsExactly("1,2", "3,4", "5,6");
        assertThat(records.get(2).fields()).containsExactly(entry("a", "5"), entry("b", "6"));
    }

    @Test
    void lastLineWithoutTerminatorIsRead() throws IOException {
        // given
        Path file = write("r.csv", "a,b\r\n1,2\r\n3,4");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::raw).containsExactly("1,2", "3,4");
        assertThat(records.get(1).line()).isEqualTo(3);
    }

    @Test
    void quotedFieldsKeepCommasAndDoubledQuotes() throws IOException {
        // given
        Path file = write("r.csv", "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(1);
        assertThat(records.get(0).fields()).containsExactly(entry("a", "x,y"), entry("b", "say \"hi\""));
        assertThat(records.get(0).raw()).isEqualTo("\"x,y\",\"say \"\"hi\"\"\",\"\"");
    }

    @Test
    void wrongFieldCountsAndTextAfterAClosingQuoteAreMalformed() throws IOException {
        // given
        Path file = write("r.csv", "a,b,c\nonly,two\n1,2,3,4\n\"q\"x,2,3\n1,,\n,,\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(records).extracting(RawRecord::malformed).containsExactly(true, true, true, false, false);
        assertThat(records.get(0).raw()).isEqualTo("only,two");
        assertThat(records.get(3).fields()).containsExactly(entry("a", "1"));
        assertThat(records.get(4).fields()).isEmpty();
    }

    @Test
    void everyPhysicalLineIsOneRecordSoAnOpenQuoteCostsOnlyItsLine() throws IOException {
        // given: a quoted field may not span lines; the lines after it are records of their own
        Path file = write("r.csv", "a,b\n1,\"first\nsecond\r\nthird\"\n\n2,x\r\n3,\"open\n4,5");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 3L, 4L, 6L, 7L, 8L);
        assertThat(records).extracting(RawRecord::malformed).containsExactly(true, true, true, false, true, false);
        assertThat(records)
                .extracting(RawRecord::problem)
                .containsExactly(
                        "a quoted field does not end on its line",
                        "1 fields for a header of 2",
                        "a quote inside an unquoted field",
                        null,
                        "a quoted field does not end on its line",
                        null);
        assertThat(records.get(0).raw()).isEqualTo("1,\"first");
        assertThat(records.get(3).fields()).containsExactly(entry("a", "2"), entry("b", "x"));
        assertThat(records.get(5).fields()).containsExactly(entry("a", "4"), entry("b", "5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\"c,d", "\"a\"b,c", "a,\"b\" ", "a, \"b\"", "\"a,b", "a,\"b\"\"", "\"\"\"a,b"})
    void aQuoteOutsideAQuotedFieldOrOneThatDoesNotBalanceIsMalformed(String line) throws IOException {
        // given
        Path file = write("r.csv", "a,b\n" + line + "\nok,1\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 3L);
        assertThat(records.get(0).malformed()).as(line).isTrue();
        assertThat(records.get(0).raw()).isEqualTo(line);
        assertThat(records.get(1).fields()).containsExactly(entry("a", "ok"), entry("b", "1"));
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndNothingElseMatters() throws IOException {
        // given
        Path file = write("r.csv", "a,b,c\n\"\"\"\",\",\",\"x\"\"\"\n\"\",,\"\"\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records.get(0).fields()).containsExactly(entry("a", "\""), entry("b", ","), entry("c", "x\""));
        assertThat(records.get(1).fields()).isEmpty();
        assertThat(records.get(1).malformed()).isFalse();
    }

    @Test
    void linesThatAreNotUtf8OrHoldANulAreMalformedAndKeepTheirBytes() throws IOException {
        // given: two ids that a replacing decoder would make equal, a NUL, an encoded surrogate, an
        // overlong slash, a sequence cut short, a code point over U+10FFFF, and valid text around them
        byte[][] bad = {
            bytes("u-3", 0xff),
            bytes("u-3", 0xfe),
            bytes("u", 0x00, 'x'),
            bytes("s", 0xed, 0xa0, 0x80),
            bytes("o", 0xc0, 0xaf),
            bytes("t", 0xe2, 0x82),
            bytes("h", 0xf4, 0x90, 0x80, 0x80)
        };
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes("a,b\n".getBytes(StandardCharsets.UTF_8));
        for (byte[] id : bad) {
            content.writeBytes(id);
            content.writeBytes(",1\r\n".getBytes(StandardCharsets.UTF_8));
            content.writeBytes("café 😀,2\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = dir.resolve("r.csv");
        Files.write(file, content.toByteArray());

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(2 * bad.length);
        for (int k = 0; k < bad.length; k++) {
            RawRecord broken = records.get(2 * k);
            assertThat(broken.line()).isEqualTo(2 + 2 * k);
            assertThat(broken.malformed()).isTrue();
            assertThat(broken.raw()).isNull();
            assertThat(broken.rawBytes()).isEqualTo(concat(bad[k], ",1".getBytes(StandardCharsets.UTF_8)));
            assertThat(broken.problem()).isEqualTo(k == 2 ? "a NUL byte" : "bytes that are not UTF-8");
            RawRecord good = records.get(2 * k + 1);
            assertThat(good.fields()).containsExactly(entry("a", "café 😀"), entry("b", "2"));
            assertThat(good.raw()).isEqualTo("café 😀,2");
            assertThat(good.rawBytes()).isNull();
        }
    }

    @Test
    void aTenMegabyteFieldInALineWithTheRightFieldsIsKeptCutAndTheNextLineIsRead() throws IOException {
        // given: the value straddles many chunks; a multi-byte char and a CRLF fall on chunk ends
        String huge = "é".repeat(LineSource.MAX_CHUNK_BYTES / 2 - 1) + "x" + "y".repeat(10_000_000);
        String quotedHuge = "\"" + "q\"\"".repeat(LineSource.MAX_CHUNK_BYTES / 3 + 7) + "\"";
        Path file = write(
                "r.csv",
                "request_id,user_id\nlong-1," + huge + "\r\nlong-2," + quotedHuge + "\nwide," + huge + ",extra\n"
                        + "open,\"" + huge + "\nafter,1\r\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(records).extracting(RawRecord::malformed).containsExactly(false, false, true, true, false);
        assertThat(records).extracting(RawRecord::cut).containsExactly(true, true, true, true, false);
        RawRecord first = records.get(0);
        assertThat(first.fields().get("request_id")).isEqualTo("long-1");
        assertThat(first.fields().get("user_id")).hasSize(LineCursor.KEEP_CHARS).startsWith("éé");
        assertThat(first.raw()).startsWith("long-1,éé");
        assertThat(first.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LineSource.MAX_CHUNK_BYTES);
        assertThat(records.get(1).fields().get("user_id"))
                .startsWith("q\"q\"q\"")
                .hasSize(LineCursor.KEEP_CHARS);
        assertThat(records.get(2).problem()).isEqualTo("more than the header's 2 fields");
        assertThat(records.get(3).problem()).isEqualTo("a quoted field does not end on its line");
        assertThat(records.get(4).fields()).containsExactly(entry("request_id", "after"), entry("user_id", "1"));
        assertThat(RequestValidator.validate(first)).isInstanceOfSatisfying(Validation.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(QuarantineReason.FIELD_TOO_LONG);
            assertThat(r.requestId()).isEqualTo("long-1");
            assertThat(r.detail()).contains("has over 1024 characters");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void linesSplitIntoSmallChunksReadAsTheyDoWhole(String format) throws IOException {
        // given random lines, valid and not, read whole and in chunks of 8 to 13 bytes, so that
        // values, quotes, escapes, chars and CRLFs fall on chunk ends
        Random random = new Random(format.hashCode());
        String[] pieces = format.equals("csv")
                ? new String[] {"a", "bc", ",", "\"", "\"\"", "é", "😀", "\r", " ", "x\"y", ",\"q,\"\"r\"", "数"}
                : new String[] {
                    "{",
                    "}",
                    "\"k",
                    "\"v\"",
                    ":",
                    ",",
                    " ",
                    "\\\"",
                    "\\u00e9",
                    "\\ud83d\\ude00",
                    "\\ud800",
                    "1",
                    "-0",
                    "1.5e3",
                    "true",
                    "null",
                    "[",
                    "é",
                    "😀",
                    "\r",
                    "\"",
                    "\\u0000",
                    "\"a\": \"b\""
                };
        StringBuilder text = new StringBuilder(format.equals("csv") ? "a,b,c\n" : "");
        for (int line = 0; line < 3000; line++) {
            if (format.equals("jsonl") && random.nextInt(3) == 0) {
                text.append("{\"a\": \"").append("x".repeat(random.nextInt(30))).append("\", \"b\": ");
                text.append(random.nextBoolean() ? "12" : "\"é😀\\n\"").append('}');
            }
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            text.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        Path file = write("r." + format, text.toString());

        // when
        List<RawRecord> whole = readAll(file);
        for (int chunk = 8; chunk <= 13; chunk++) {
            List<RawRecord> chunked = new ArrayList<>();
            try (RequestLogReader reader = RequestLogReader.open(file, chunk)) {
                for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                    chunked.add(record);
                }
            }

            // then
            assertThat(chunked).hasSameSizeAs(whole);
            for (int k = 0; k < whole.size(); k++) {
                RawRecord expected = whole.get(k);
                RawRecord actual = chunked.get(k);
                assertThat(actual.line()).isEqualTo(expected.line());
                assertThat(actual.fields()).as("line %d", expected.line()).isEqualTo(expected.fields());
                assertThat(actual.problem()).as("line %d", expected.line()).isEqualTo(expected.problem());
            }
        }
        assertThat(whole).extracting(RawRecord::malformed).contains(true, false);
    }

    @Test
    void lineNumbersStayRightAcrossBufferBoundaries() throws IOException {
        // given: CRLF, quoted fields, blank and non-ASCII lines straddling the 64 KiB buffer many times
        StringBuilder text = new StringBuilder("id,note\r\n");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
                case 0 -> text.append(i).append(",\"multi, \"\"quoted\"\"\"\r\n");
                case 1 -> text.append(i).append(",plain\n\n");
                case 2 -> text.append(i).append(",Ωμέγα 数据\r\n");
                default -> text.append(i).append(",\"a\"b\n");
            }
        }
        Path file = write("big.csv", text.toString());

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(n);
        long expectedLine = 2;
        for (int i = 0; i < n; i++) {
            RawRecord record = records.get(i);
            assertThat(record.line()).isEqualTo(expectedLine);
            if (i % 4 == 3) {
                assertThat(record.malformed()).isTrue();
                assertThat(record.raw()).isEqualTo(i + ",\"a\"b");
            } else {
                assertThat(record.fields()).containsEntry("id", Integer.toString(i));
                assertThat(record.fields().get("note"))
                        .isEqualTo(
                                switch (i % 4) {
                                    case 0 -> "multi, \"quoted\"";
                                    case 1 -> "plain";
                                    default -> "Ωμέγα 数据";
                                });
            }
            expectedLine += i % 4 == 1 ? 2 : 1;
        }
    }

    @Test
    void headerThatIsNotTextOrCannotBeSplitIsRefused() throws IOException {
        // given
        Path notText = dir.resolve("n.csv");
        Files.write(notText, bytes("a,b", 0xff, '\n'));
        Path badQuote = write("q.csv", "a,\"b\n1,2\n");

        // when / then
        assertThatThrownBy(() -> RequestLogReader.open(notText))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1 holds bytes that are not UTF-8; the file must be UTF-8 text");
        assertThatThrownBy(() -> RequestLogReader.open(badQuote))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot be read: a quoted field does not end on its line");
    }

    @Test
    void headerWithANulIsANameThatIsMerelyUnknown() throws IOException {
        // given
        Path file = dir.resolve("g.csv");
        Files.write(file, bytes("x", 0, 1, 2, '\n', '"', 'a', '\n', 'b', '\n'));

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::malformed).containsExactly(true, false);
        assertThat(records.get(1).fields()).containsExactly(entry("x\u0000\u0001\u0002", "b"));
    }

    @Test
    void headerNamesAreTrimmedAndUnknownColumnsKept() throws IOException {
        // given
        Path file = write("r.csv", " request_id ,extra\nr-1,e\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records.get(0).fields()).containsExactly(entry("request_id", "r-1"), entry("extra", "e"));
        assertThat(records.get(0).fields().get("missing")).isNull();
    }

    @Test
    void headerNamingAColumnTwiceIsRefused() throws IOException {
        // given
        Path file = write("r.csv", "a,b,a\n1,2,3\n");

        // when / then
        assertThatThrownBy(() -> RequestLogReader.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'a' twice");
    }

    @Test
    void emptyFileHasNoRecords() throws IOException {
        // given
        Path csv = write("r.csv", "");
        Path headerOnly = write("h.csv", "\uFEFFa,b\r\n");

        // when
        List<RawRecord> fromEmpty = readAll(csv);
        List<RawRecord> fromHeaderOnly = readAll(headerOnly);

        // then
        assertThat(fromEmpty).isEmpty();
        assertThat(fromHeaderOnly).isEmpty();
    }

    @Test
    void jsonLinesValuesAreTextAndNullIsAbsent() throws IOException {
        // given
        Path file = write(
                "r.jsonl",
                "{\"request_id\": \"j-1\", \"input_tokens\": 10, \"output_tokens\": 12.5, \"public_visitor\": true,"
                        + " \"x\": false, \"user_id\": null, \"model\": \"\", \"extra\": \"e\"}\r\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(1);
        assertThat(records.get(0).line()).isEqualTo(1);
        assertThat(records.get(0).fields())
                .containsExactly(
                        entry("request_id", "j-1"),
                        entry("input_tokens", "10"),
                        entry("output_tokens", "12.5"),
                        entry("public_visitor", "true"),
                        entry("x", "false"),
                        entry("extra", "e"));
    }

    @Test
    void badJsonLinesAreMalformedAndLinesAreCountedPhysically() throws IOException {
        // given
        Path file = write(
                "r.jsonl",
                "\uFEFF{\"request_id\": \"j-1\"}\n"
                        + "{not json at all\n"
                        + "\n"
                        + "{\"request_id\": \"j-2\", \"meta\": {\"a\": 1}}\n"
                        + "{\"request_id\": \"j-3\", \"tags\": [1]}\n"
                        + "[1, 2]\n"
                        + "\"text\"\n"
                        + "{\"request_id\": \"j-4\"} {\"request_id\": \"j-5\"}\n"
                        + "{\"request_id\": \"j-6\", \"request_id\": \"j-7\"}\n"
                        + "   \n"
                        + "{\"request_id\": \"j-8\"}");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L, 11L);
        assertThat(records)
                .extracting(RawRecord::malformed)
                .containsExactly(false, true, true, true, true, true, true, true, false);
        assertThat(records.get(0).fields()).containsExactly(entry("request_id", "j-1"));
        assertThat(records.get(1).raw()).isEqualTo("{not json at all");
        assertThat(records.get(8).fields()).containsExactly(entry("request_id", "j-8"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\": \"\\ud800x\"}",
                "{\"a\": \"\\udc00\"}",
                "{\"a\": \"x\\ud83d\"}",
                "{\"a\": \"\\ud83d\\u0041\"}",
                "{\"a\": \"a\\u0000b\"}",
                "{\"a\\u0000\": \"b\"}",
                "{\"a\": {\"id\": \"a1\"}}",
                "{\"a\": [1, 2]}",
                "{\"a\": []}",
                "{\"a\": 1,}",
                "{\"a\": 1 \"b\": 2}",
                "{\"a\": 007}",
                "{\"a\": +5}",
                "{\"a\": 1.}",
                "{\"a\": .5}",
                "{\"a\": 1e}",
                "{\"a\": NaN}",
                "{\"a\": True}",
                "{\"a\": 'b'}",
                "{a: 1}",
                "{\"a\": \"tab\there\"}",
                "{\"a\": \"\\x41\"}",
                "{\"a\": \"\\u12g4\"}",
                "{\"a\": \"open}",
                "{\"a\": 1} // comment",
                "{\"a\": null, \"a\": 2}",
                "{\"a\": 1}}"
            })
    void jsonThatIsNotOneFlatObjectOfStorableTextIsMalformed(String line) throws IOException {
        // given
        Path file = write("r.jsonl", line + "\n{\"request_id\": \"next\"}\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(2);
        assertThat(records.get(0).malformed()).as(line).isTrue();
        assertThat(records.get(0).problem()).isNotBlank();
        assertThat(records.get(0).raw()).isEqualTo(line);
        assertThat(records.get(1).fields()).containsExactly(entry("request_id", "next"));
    }

    @Test
    void jsonNumbersAreKeptAsWrittenAndEscapesAreDecoded() throws IOException {
        // given
        Path file = write(
                "r.jsonl",
                "{\"a\": -0, \"b\": 1000.0, \"c\": 1E+3, \"d\": 99999999999999999999, \"e\": \"\\ud83d\\ude00\\u00e9\\n\\/\","
                        + " \"f\": false, \"g\": \"007\", \"h\": \"\", \"i\": null, \"\\u006a\": 0}\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records.get(0).fields())
                .containsExactly(
                        entry("a", "-0"),
                        entry("b", "1000.0"),
                        entry("c", "1E+3"),
                        entry("d", "99999999999999999999"),
                        entry("e", "😀é\n/"),
                        entry("f", "false"),
                        entry("g", "007"),
                        entry("j", "0"));
    }

    @Test
    void jsonLineThatIsNotUtf8IsMalformedWithItsBytes() throws IOException {
        // given
        Path file = dir.resolve("r.jsonl");
        byte[] bad = bytes("{\"a\": \"", 0xc3, '"', '}');
        Files.write(file, concat(concat(bad, "\n".getBytes(StandardCharsets.UTF_8)), bytes("{}")));

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(1L, 2L);
        assertThat(records.get(0).rawBytes()).isEqualTo(bad);
        assertThat(records.get(1).fields()).isEmpty();
    }

    @Test
    void gzipFilesAreReadByTheirMagicBytes() throws IOException {
        // given
        Path csvGz = writeGzip("r.csv.gz", HEADER + "\nr-1,2026-03-01T00:00:00Z,ws-1,chat,gpt-5,10\n");
        Path jsonlGz = writeGzip("r.jsonl.gz", "{\"request_id\": \"j-1\", \"input_tokens\": 7}\n");
        Path gzipWithoutSuffix = writeGzip("plain-name.csv", "a\n1\n");
        Path plainWithGzSuffix = write("not-compressed.csv.gz", "a\n2\n");

        // when
        List<RawRecord> fromCsv = readAll(csvGz);
        List<RawRecord> fromJsonl = readAll(jsonlGz);
        List<RawRecord> fromMisnamed = readAll(gzipWithoutSuffix);
        List<RawRecord> fromPlain = readAll(plainWithGzSuffix);

        // then
        assertThat(fromCsv).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.fields()).containsEntry("input_tokens", "10");
        });
        assertThat(fromJsonl)
                .singleElement()
                .satisfies(r ->
                        assertThat(r.fields()).containsExactly(entry("request_id", "j-1"), entry("input_tokens", "7")));
        assertThat(fromMisnamed)
                .singleElement()
                .satisfies(r -> assertThat(r.fields()).containsEntry("a", "1"));
        assertThat(fromPlain)
                .singleElement()
                .satisfies(r -> assertThat(r.fields()).containsEntry("a", "2"));
    }

    @Test
    void sourceNameIsTheFileNameWithoutFolders() throws IOException {
        // given
        Files.createDirectories(dir.resolve("sub"));
        Path file = write("sub/march.jsonl.gz", "");

        // when
        try (RequestLogReader reader = RequestLogReader.open(file)) {
            // then
            assertThat(reader.sourceName()).isEqualTo("march.jsonl.gz");
            assertThat(reader.next()).isNull();
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The bytes of an ASCII prefix followed by the given byte values. */
    static byte[] bytes(String prefix, int... values) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] result = java.util.Arrays.copyOf(head, head.length + values.length);
        for (int k = 0; k < values.length; k++) {
            result[head.length + k] = (byte) values[k];
        }
        return result;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private Path writeGzip(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static List<RawRecord> readAll(Path file) throws IOException {
        List<RawRecord> records = new ArrayList<>();
        try (RequestLogReader reader = RequestLogReader.open(file)) {
            for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }
}
