package com.creditledger.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void quotedFieldWithLineBreaksSpansLinesAndTheNextRecordKeepsItsLineNumber() throws IOException {
        // given
        Path file = write("r.csv", "a,b\n1,\"first\nsecond\r\nthird\"\n\n2,x\r\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 6L);
        assertThat(records.get(0).fields()).containsEntry("b", "first\nsecond\r\nthird");
        assertThat(records.get(0).raw()).isEqualTo("1,\"first\nsecond\r\nthird\"");
        assertThat(records.get(1).fields()).containsExactly(entry("a", "2"), entry("b", "x"));
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
    void quoteInsideAnUnquotedFieldIsLiteral() throws IOException {
        // given
        Path file = write("r.csv", "a,b\nab\"c,d\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records.get(0).fields()).containsExactly(entry("a", "ab\"c"), entry("b", "d"));
    }

    @Test
    void unterminatedQuoteAtTheEndOfTheFileIsOneMalformedRecord() throws IOException {
        // given
        Path file = write("r.csv", "a,b\n1,2\n3,\"open\n4,5\n6,7\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        assertThat(records).hasSize(2);
        assertThat(records.get(1).line()).isEqualTo(3);
        assertThat(records.get(1).fields()).isNull();
        assertThat(records.get(1).raw()).isEqualTo("3,\"open\n4,5\n6,7");
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
    void recordOverTheSizeCapIsMalformedAndReadingGoesOn() throws IOException {
        // given
        String huge = "x".repeat(RequestLogReader.MAX_RECORD_CHARS + 10);
        String runaway = "\"" + "y\n".repeat(RequestLogReader.MAX_RECORD_CHARS / 2 + 10) + "end\"";
        Path file = write("r.csv", "a,b\n" + huge + ",1\n2,3\n" + runaway + ",4\n5,6\n");

        // when
        List<RawRecord> records = readAll(file);

        // then
        long runawayLines = RequestLogReader.MAX_RECORD_CHARS / 2 + 11;
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 3L, 4L, 4L + runawayLines);
        assertThat(records).extracting(RawRecord::malformed).containsExactly(true, false, true, false);
        assertThat(records.get(0).raw()).hasSize(RequestLogReader.MAX_RECORD_CHARS);
        assertThat(records.get(2).raw()).hasSizeLessThanOrEqualTo(RequestLogReader.MAX_RECORD_CHARS);
        assertThat(records.get(3).fields()).containsExactly(entry("a", "5"), entry("b", "6"));
    }

    @Test
    void lineNumbersStayRightAcrossBufferBoundaries() throws IOException {
        // given: CRLF and multi-line records straddling the 64K character buffer many times
        StringBuilder text = new StringBuilder("id,note\r\n");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                text.append(i).append(",\"multi\r\nline, \"\"quoted\"\"\"\r\n");
            } else {
                text.append(i).append(",plain\n");
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
            assertThat(record.fields()).containsEntry("id", Integer.toString(i));
            assertThat(record.fields().get("note")).isEqualTo(i % 3 == 0 ? "multi\r\nline, \"quoted\"" : "plain");
            expectedLine += i % 3 == 0 ? 2 : 1;
        }
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
