package com.creditledger.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.ingest.Validation.Accepted;
import com.creditledger.jobs.ingest.Validation.Rejected;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.RequestKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTests {

    private static final String TOO_LONG = "x".repeat(257);

    /** The reasons of checks 1 to 8, which ingest decides record by record. */
    private static final Set<String> INGEST_CHECKS = Set.of(
            "MALFORMED_ROW",
            "FIELD_TOO_LONG",
            "MISSING_FIELD",
            "BAD_TIMESTAMP",
            "UNKNOWN_KIND",
            "BAD_STATUS",
            "BAD_NUMBER",
            "NEGATIVE_TOKENS");

    @TempDir
    Path dir;

    @Test
    void validRecordIsAcceptedWithTypedFields() {
        // given
        RawRecord raw = record(
                "user_id", "u1",
                "kind", "agent_run",
                "agent_id", "a1",
                "automation_id", "au1",
                "automation_run_id", "run1",
                "app_id", "app1",
                "model", "auto",
                "resolved_model", "gpt-5",
                "input_tokens", "010",
                "output_tokens", "+7",
                "status", "error",
                "public_visitor", "true",
                "unknown", "ignored");

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertThat(result).isInstanceOf(Accepted.class);
        RequestRecord r = ((Accepted) result).record();
        assertThat(r.requestId()).isEqualTo("r-1");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-03-10T10:00:00Z"));
        assertThat(r.workspaceId()).isEqualTo("ws-1");
        assertThat(r.userId()).isEqualTo("u1");
        assertThat(r.kind()).isEqualTo(RequestKind.AGENT_RUN);
        assertThat(r.agentId()).isEqualTo("a1");
        assertThat(r.automationId()).isEqualTo("au1");
        assertThat(r.automationRunId()).isEqualTo("run1");
        assertThat(r.appId()).isEqualTo("app1");
        assertThat(r.model()).isEqualTo("auto");
        assertThat(r.resolvedModel()).isEqualTo("gpt-5");
        assertThat(r.inputTokens()).isEqualTo(10);
        assertThat(r.outputTokens()).isEqualTo(7);
        assertThat(r.error()).isTrue();
        assertThat(r.publicVisitor()).isTrue();
        assertThat(r.fingerprint()).isNotNull();
    }

    @Test
    void absentOptionalFieldsHaveDefaults() {
        // given
        RawRecord raw = RawRecord.of(
                5,
                Map.of(
                        "request_id", "r-1",
                        "occurred_at", "2026-03-10T10:00:00Z",
                        "workspace_id", "ws-1",
                        "kind", "app_clone",
                        "public_visitor", "TRUE"),
                "",
                false);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertThat(result).isInstanceOf(Accepted.class);
        RequestRecord r = ((Accepted) result).record();
        assertThat(r.kind()).isEqualTo(RequestKind.APP_CLONE);
        assertThat(r.userId()).isNull();
        assertThat(r.model()).isNull();
        assertThat(r.resolvedModel()).isNull();
        assertThat(r.inputTokens()).isZero();
        assertThat(r.outputTokens()).isZero();
        assertThat(r.error()).isFalse();
        assertThat(r.publicVisitor()).isFalse();
    }

    @Test
    void malformedRowIsRejectedWithoutRequestIdOrField() {
        // given
        RawRecord raw = RawRecord.malformed(12, "3 fields for a header of 15", "only,three,fields", false);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertThat(result).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(QuarantineReason.MALFORMED_ROW);
            assertThat(r.requestId()).isNull();
            assertThat(r.field()).isNull();
            assertThat(r.detail()).isEqualTo("3 fields for a header of 15: 'only,three,fields'");
        });
    }

    @Test
    void lineThatIsNotTextIsMalformedAndTheDetailCountsItsBytes() {
        // given
        RawRecord raw = RawRecord.undecodable(4, "bytes that are not UTF-8", new byte[] {'u', (byte) 0xff}, false);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.MALFORMED_ROW, null, null);
        assertThat(((Rejected) result).detail()).isEqualTo("bytes that are not UTF-8: 2 bytes");
    }

    @Test
    void tooLongFieldWinsOverEveryLaterCheck() {
        // given: also a bad timestamp, an unknown kind, a bad status and a bad number
        RawRecord raw = record(
                "occurred_at", "2026-03-10 10:00:00",
                "kind", "sorcery",
                "status", "maybe",
                "input_tokens", "lots",
                "user_id", TOO_LONG);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.FIELD_TOO_LONG, "r-1", "user_id");
        assertThat(((Rejected) result).detail()).contains("257").hasSizeLessThanOrEqualTo(90);
    }

    @Test
    void tooLongUnknownColumnOrRequestIdIsRejected() {
        // given
        RawRecord unknown = record("note", TOO_LONG);
        RawRecord requestId = record("request_id", TOO_LONG);

        // when
        Validation unknownResult = RequestValidator.validate(unknown);
        Validation requestIdResult = RequestValidator.validate(requestId);

        // then
        assertRejected(unknownResult, QuarantineReason.FIELD_TOO_LONG, "r-1", "note");
        assertRejected(requestIdResult, QuarantineReason.FIELD_TOO_LONG, null, "request_id");
    }

    @Test
    void lengthIsCountedInCodePoints() {
        // given: 256 emoji are 512 UTF-16 units but 256 characters
        String emoji = "\uD83D\uDE00";
        RawRecord atLimit = record("user_id", emoji.repeat(256));
        RawRecord overLimit = record("user_id", emoji.repeat(257));
        RawRecord exactly256 = record("user_id", "x".repeat(256));

        // when
        Validation atLimitResult = RequestValidator.validate(atLimit);
        Validation overLimitResult = RequestValidator.validate(overLimit);
        Validation exactly256Result = RequestValidator.validate(exactly256);

        // then
        assertThat(atLimitResult).isInstanceOf(Accepted.class);
        assertRejected(overLimitResult, QuarantineReason.FIELD_TOO_LONG, "r-1", "user_id");
        assertThat(exactly256Result).isInstanceOf(Accepted.class);
    }

    @Test
    void missingRequiredFieldsAreRejectedInSpecOrder() {
        // given
        RawRecord noRequestId = record("request_id", null, "occurred_at", "bad");
        RawRecord noWorkspace = record("workspace_id", null, "kind", "sorcery");
        RawRecord noModel = record("model", null);
        RawRecord noModelUnknownKind = record("model", null, "kind", "sorcery");
        RawRecord noModelAppClone = record("model", null, "kind", "app_clone");

        // when / then
        assertRejected(RequestValidator.validate(noRequestId), QuarantineReason.MISSING_FIELD, null, "request_id");
        assertRejected(RequestValidator.validate(noWorkspace), QuarantineReason.MISSING_FIELD, "r-1", "workspace_id");
        assertRejected(RequestValidator.validate(noModel), QuarantineReason.MISSING_FIELD, "r-1", "model");
        assertRejected(RequestValidator.validate(noModelUnknownKind), QuarantineReason.MISSING_FIELD, "r-1", "model");
        assertThat(RequestValidator.validate(noModelAppClone)).isInstanceOf(Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-03-10 10:00:00",
                "2026-03-10T10:00:00",
                "2026-13-10T10:00:00Z",
                "2026-02-29T10:00:00Z",
                "1900-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z",
                "2026-03-10T24:00:00Z",
                "2026-03-10T10:60:00Z",
                "2026-03-10T10:00:60Z",
                "2026-03-11T23:59:60Z",
                "2026-03-10T10:00:00+19:00",
                "2026-03-10T10:00:00+18:01",
                "2026-03-10T10:00:00+02",
                "2026-03-10T10:00:00+0200",
                "2026-03-10T10:00:00+02:00:00",
                "2026-03-10T10:00:00+02:60",
                "2026-03-10T10:00:00\u221202:00",
                "2026-03-10t10:00:00z",
                "2026-03-10t10:00:00Z",
                "2026-03-10T10:00:00z",
                "2026-03-10T10:00:00.Z",
                "2026-03-10T10:00.5Z",
                "2026-03-10T10:00:00.1234567890Z",
                "+10000-01-01T00:00:00Z",
                "10000-01-01T00:00:00Z",
                "-2026-03-10T10:00:00Z",
                "226-03-10T10:00:00Z",
                "2026-3-10T10:00:00Z",
                "2026-03-10T1:00:00Z",
                "\u0662\u0660\u0662\u0666-03-10T10:00:00Z",
                "2026-03-10",
                "1741600800",
                " 2026-03-10T10:00:00Z",
                "2026-03-10T10:00:00Z ",
                "2026-03-10T10:00:00 Z",
                "2026-03-10T10:00:00ZZ",
                "2026-03-10T10:00:00Z[UTC]"
            })
    void badTimestampWinsOverUnknownKind(String occurredAt) {
        // given
        RawRecord raw = record("occurred_at", occurredAt, "kind", "sorcery");

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.BAD_TIMESTAMP, "r-1", "occurred_at");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-03-10T12:00:00+02:00",
                "2026-03-10T10:00:00.250Z",
                "2026-03-10T10:00:00.000000001Z",
                "2026-03-10T10:00:00.123456789Z",
                "2026-03-10T05:30:00-04:30",
                "2026-03-10T10:00Z",
                "2026-03-10T12:00+02:00",
                "2024-02-29T10:00:00Z",
                "2000-02-29T10:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999-18:00",
                "2026-03-10T10:00:00+18:00",
                "2026-03-10T10:00:00-00:00"
            })
    void timestampsOfTheGrammarAreAcceptedWithEveryNanosecond(String occurredAt) {
        // given
        RawRecord raw = record("occurred_at", occurredAt);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertThat(result)
                .isInstanceOfSatisfying(
                        Accepted.class,
                        a -> assertThat(a.record().occurredAt())
                                .isEqualTo(OffsetDateTime.parse(occurredAt, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                                        .toInstant()));
    }

    @Test
    void timestampParserAgreesWithTheGrammarAndJavaTime() {
        // given: texts across years, months, days, times, fractions and offsets, some of them mutated;
        // the reference is the grammar as a regular expression, with java.time for the calendar
        Pattern grammar = Pattern.compile(
                "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})");
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            String seconds = random.nextInt(5) == 0
                    ? ""
                    : String.format(":%02d", random.nextInt(62))
                            + (random.nextBoolean() ? "" : "." + "1234567890".substring(0, 1 + random.nextInt(10)));
            String text = String.format(
                    "%04d-%02d-%02dT%02d:%02d%s%s",
                    random.nextInt(10_000),
                    random.nextInt(14),
                    random.nextInt(33),
                    random.nextInt(26),
                    random.nextInt(62),
                    seconds,
                    random.nextBoolean()
                            ? "Z"
                            : String.format(
                                    "%s%02d:%02d",
                                    random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(61)));
            if (random.nextInt(4) == 0) {
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] = "0123456789:-T.Z+ xtz".charAt(random.nextInt(20));
                text = new String(chars);
            }
            Instant expected;
            try {
                expected = grammar.matcher(text).matches()
                        ? DateTimeFormatter.ISO_OFFSET_DATE_TIME
                                .parse(text, OffsetDateTime::from)
                                .toInstant()
                        : null;
            } catch (DateTimeParseException e) {
                expected = null;
            }

            // when
            Instant actual = Timestamps.parse(text);

            // then
            assertThat(actual).as(text).isEqualTo(expected);
            if (actual != null) {
                accepted++;
            }
        }
        assertThat(accepted).isGreaterThan(5_000);
    }

    @Test
    void unknownKindWinsOverBadStatus() {
        // given
        RawRecord raw = record("kind", "Chat", "status", "maybe");

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.UNKNOWN_KIND, "r-1", "kind");
    }

    @Test
    void badStatusWinsOverBadNumber() {
        // given
        RawRecord raw = record("status", "OK", "input_tokens", "12.5");

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.BAD_STATUS, "r-1", "status");
        assertThat(((Rejected) result).detail()).contains("'OK'");
    }

    @Test
    void badNumberWinsOverNegativeTokensWhicheverFieldItIsIn() {
        // given
        RawRecord raw = record("input_tokens", "-4", "output_tokens", "lots");

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.BAD_NUMBER, "r-1", "output_tokens");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "12.5",
                "1000.0",
                "1e3",
                "1E+3",
                "lots",
                " 1",
                "1 ",
                "+",
                "-",
                "+-1",
                "9223372036854775808",
                "-9223372036854775809",
                "99999999999999999999999999999999999999999999999999",
                "0x10",
                "١٢",
                "true"
            })
    void tokenCountsThatAreNotLongIntegersAreBadNumbers(String tokens) {
        // given
        RawRecord raw = record("input_tokens", tokens);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.BAD_NUMBER, "r-1", "input_tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-4", "-1", "-001", "-9223372036854775808"})
    void negativeTokenCountsAreRejected(String tokens) {
        // given
        RawRecord raw = record("output_tokens", tokens);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertRejected(result, QuarantineReason.NEGATIVE_TOKENS, "r-1", "output_tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "+5", "007", "+0", "-000", "9223372036854775807", "+9223372036854775807"})
    void signsAndLeadingZerosAreAllowedInTokenCounts(String tokens) {
        // given
        RawRecord raw = record("input_tokens", tokens);

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertThat(result)
                .isInstanceOfSatisfying(
                        Accepted.class,
                        a -> assertThat(a.record().inputTokens()).isEqualTo(Long.parseLong(tokens)));
    }

    @Test
    void largestAndZeroTokenCountsAreAccepted() {
        // given
        RawRecord raw = record("input_tokens", "9223372036854775807", "output_tokens", "-0");

        // when
        Validation result = RequestValidator.validate(raw);

        // then
        assertThat(result).isInstanceOfSatisfying(Accepted.class, a -> {
            assertThat(a.record().inputTokens()).isEqualTo(Long.MAX_VALUE);
            assertThat(a.record().outputTokens()).isZero();
        });
    }

    @Test
    void fingerprintIsEqualOnlyForTheSameFieldsAsText() {
        // given
        RawRecord base = record();
        RawRecord same = record("unknown", "differs but is not a contract field");
        RawRecord otherOffset = record("occurred_at", "2026-03-10T12:00:00+02:00");
        RawRecord leadingZero = record("input_tokens", "010");
        RawRecord otherUser = record("user_id", "u2");

        // when
        RequestRecord b = accepted(base);

        // then
        assertThat(accepted(same).fingerprint()).isEqualTo(b.fingerprint());
        assertThat(accepted(otherOffset).occurredAt()).isEqualTo(b.occurredAt());
        assertThat(accepted(otherOffset).fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(accepted(leadingZero).inputTokens()).isEqualTo(b.inputTokens());
        assertThat(accepted(leadingZero).fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(accepted(otherUser).fingerprint()).isNotEqualTo(b.fingerprint());
    }

    @Test
    void fingerprintTellsAbsentFromEmptyAndDoesNotDependOnFieldBoundaries() {
        // given
        Map<String, String> absent = Map.of("request_id", "r-1");
        Map<String, String> empty = Map.of("request_id", "r-1", "user_id", "");
        Map<String, String> ab = Map.of("request_id", "r-1", "user_id", "ab");
        Map<String, String> shifted = Map.of("request_id", "r-1a", "user_id", "b");

        // when / then
        assertThat(RequestFingerprint.of(absent)).isNotEqualTo(RequestFingerprint.of(empty));
        assertThat(RequestFingerprint.of(ab)).isNotEqualTo(RequestFingerprint.of(shifted));
        assertThat(RequestFingerprint.of(ab)).isEqualTo(RequestFingerprint.of(new LinkedHashMap<>(ab)));
    }

    @Test
    void fingerprintIsTheDocumentedEncodingForAsciiOtherScriptsAndLongValues() throws Exception {
        // given records in ASCII, with other scripts and beyond the BMP, and with a value longer
        // than the encoder's buffer
        List<Map<String, String>> records = List.of(
                Map.of("request_id", "r-1", "workspace_id", "ws-1", "input_tokens", "10"),
                Map.of("request_id", "r-2", "user_id", "café Ωμέγα 数据 😀", "model", "lite-1"),
                Map.of("request_id", "r-3", "app_id", "a".repeat(5000), "user_id", "é".repeat(1500)));
        for (Map<String, String> fields : records) {
            // when / then: 0x00 for absent, else 0x01, UTF-8, 0xFF, per contract field; SHA-256's first 16 bytes
            java.io.ByteArrayOutputStream encoding = new java.io.ByteArrayOutputStream();
            for (String name : RequestFields.ALL) {
                String value = fields.get(name);
                if (value == null) {
                    encoding.write(0x00);
                } else {
                    encoding.write(0x01);
                    encoding.write(value.getBytes(StandardCharsets.UTF_8));
                    encoding.write(0xFF);
                }
            }
            java.nio.ByteBuffer hash = java.nio.ByteBuffer.wrap(
                    java.security.MessageDigest.getInstance("SHA-256").digest(encoding.toByteArray()));
            assertThat(RequestFingerprint.of(fields)).isEqualTo(new java.util.UUID(hash.getLong(), hash.getLong()));
        }
    }

    @Test
    void csvAndJsonLinesRecordsWithTheSameTextHaveTheSameFingerprint() throws IOException {
        // given
        Path csv = dir.resolve("a.csv");
        Files.writeString(
                csv,
                "kind,request_id,occurred_at,workspace_id,model,input_tokens,extra\n"
                        + "chat,j-1,2026-03-11T00:00:00Z,ws-ok,lite-1,10,x\n",
                StandardCharsets.UTF_8);
        Path jsonl = dir.resolve("b.jsonl");
        Files.writeString(
                jsonl,
                "{\"request_id\": \"j-1\", \"occurred_at\": \"2026-03-11T00:00:00Z\", \"workspace_id\": \"ws-ok\","
                        + " \"kind\": \"chat\", \"model\": \"lite-1\", \"input_tokens\": 10, \"user_id\": null}\n",
                StandardCharsets.UTF_8);

        // when
        RequestRecord fromCsv = accepted(RequestLogReaderTests.readAll(csv).get(0));
        RequestRecord fromJson = accepted(RequestLogReaderTests.readAll(jsonl).get(0));

        // then
        assertThat(fromCsv).isEqualTo(fromJson);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad-input", "hostile-input"})
    void conformanceIngestRejectionsMatchTheExpectedQuarantine(String scenario) throws Exception {
        // given the scenario's request logs and the rows of its quarantine that ingest decides (checks
        // 1-8; duplicates and the rating-time reasons are decided later)
        List<String> expected = new ArrayList<>();
        List<String> quarantine = Files.readAllLines(
                resource("conformance/" + scenario + "/expected/quarantine.csv"), StandardCharsets.UTF_8);
        for (String row : quarantine.subList(1, quarantine.size())) {
            String[] cells = row.split(",", -1);
            if (INGEST_CHECKS.contains(cells[3])) {
                expected.add(row);
            }
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(resource("conformance/" + scenario + "/requests"))) {
            files = listed.sorted().toList();
        }

        // when
        List<String> actual = new ArrayList<>();
        for (Path file : files) {
            try (RequestLogReader reader = RequestLogReader.open(file)) {
                for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                    if (RequestValidator.validate(record) instanceof Rejected r) {
                        actual.add(String.join(
                                ",",
                                reader.sourceName(),
                                Long.toString(record.line()),
                                r.requestId() == null ? "" : r.requestId(),
                                r.reason().name()));
                    }
                }
            }
        }

        // then: in file and line order, as the export sorts them
        assertThat(expected).isNotEmpty();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = RequestValidatorTests.class.getClassLoader().getResource(name);
        assertThat(url).as(name).isNotNull();
        return Path.of(url.toURI());
    }

    private static RequestRecord accepted(RawRecord raw) {
        Validation result = RequestValidator.validate(raw);
        assertThat(result).isInstanceOf(Accepted.class);
        return ((Accepted) result).record();
    }

    private static void assertRejected(Validation result, QuarantineReason reason, String requestId, String field) {
        assertThat(result).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.requestId()).isEqualTo(requestId);
            assertThat(r.field()).isEqualTo(field);
            assertThat(r.detail()).isNotBlank().hasSizeLessThanOrEqualTo(100);
        });
    }

    /** A valid chat record, with the given name/value pairs replacing (or, for null, removing) fields. */
    private static RawRecord record(String... overrides) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("request_id", "r-1");
        fields.put("occurred_at", "2026-03-10T10:00:00Z");
        fields.put("workspace_id", "ws-1");
        fields.put("user_id", "u1");
        fields.put("kind", "chat");
        fields.put("model", "gpt-5");
        fields.put("input_tokens", "10");
        fields.put("output_tokens", "20");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                fields.remove(overrides[i]);
            } else {
                fields.put(overrides[i], overrides[i + 1]);
            }
        }
        return RawRecord.of(2, Collections.unmodifiableMap(fields), "", false);
    }
}
