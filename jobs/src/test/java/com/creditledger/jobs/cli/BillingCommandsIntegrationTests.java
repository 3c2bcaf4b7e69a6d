package com.creditledger.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import com.creditledger.jobs.catalog.WorkspaceBucket;
import com.creditledger.jobs.rate.PartitionLeases;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end on a real PostgreSQL: refusals, idempotency, the append-only ledger. */
class BillingCommandsIntegrationTests {

    @TempDir
    Path dir;

    private BillingHarness billing;
    private Path basic;

    @BeforeEach
    void setUp() throws URISyntaxException {
        billing = new BillingHarness("commands", Map.of("billing.rating.partitions", 2));
        basic = Path.of(getClass().getResource("/conformance/basic").toURI());
    }

    @AfterEach
    void tearDown() {
        billing.close();
    }

    private void loadCatalog() {
        for (String what : new String[] {"plans", "packs", "prices", "workspaces"}) {
            assertThat(billing.run("load", what, basic.resolve(what + ".csv").toString())
                            .exit())
                    .isZero();
        }
    }

    /** The catalog and November's requests of the basic scenario, ingested. */
    private void loadBasicMonth() {
        loadCatalog();
        assertThat(billing.run("ingest", basic.resolve("requests/2026-11.csv").toString())
                        .exit())
                .isZero();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aWorkspaceOnAnUnknownPlanRefusesTheWholeFileNamingLineAndColumn() throws IOException {
        // given
        loadCatalog();
        Path file = write("workspaces.csv", """
                workspace_id,name,plan,cycle_anchor,custom_allowance,auto_topup,topup_threshold,topup_pack,topup_cycle_limit,payment_method
                ws-new-1,One,pro,2026-11-01,,false,,,,
                ws-new-2,Two,platinum,2026-11-01,,false,,,,
                """);
        // when
        Outcome outcome = billing.run("load", "workspaces", file.toString());
        // then
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err())
                .contains("workspaces.csv, line 3, column plan: unknown plan 'platinum'")
                .contains("nothing from this file was loaded");
        assertThat(billing.count("SELECT count(*) FROM workspace WHERE workspace_id LIKE 'ws-new-%'"))
                .isZero();
    }

    @Test
    void badCatalogFilesAreRefusedWithWhatToDo() throws IOException {
        // given
        loadCatalog();
        Path noColumn = write("plans.csv", "plan,monthly_credits\nx,1\n");
        Path badNumber = write("packs.csv", "pack_id,credits,bonus_credits,price_minor,currency\np,ten,0,1,USD\n");
        Path noPaymentMethod = write("ws.csv", """
                workspace_id,name,plan,cycle_anchor,custom_allowance,auto_topup,topup_threshold,topup_pack,topup_cycle_limit,payment_method
                ws-t,T,pro,2026-11-01,,true,100,p1k,,
                """);
        // when / then
        assertThat(billing.run("load", "plans", noColumn.toString()).err())
                .contains("plans.csv, line 1, column overdraft_credits: the header has no column 'overdraft_credits'");
        assertThat(billing.run("load", "packs", badNumber.toString()).err())
                .contains("packs.csv, line 2, column credits: 'ten' is not a whole number");
        assertThat(billing.run("load", "workspaces", noPaymentMethod.toString()).err())
                .contains("ws.csv, line 2, column payment_method: auto_topup is true, so a payment_method is required");
    }

    @Test
    void aPriceVersionIsImmutable() throws IOException {
        // given v1 loaded
        loadCatalog();
        String changed =
                Files.readString(basic.resolve("prices.csv")).replace("gpt-5,frontier,80,", "gpt-5,frontier,81,");
        Path file = write("prices-changed.csv", changed);
        // when
        Outcome again =
                billing.run("load", "prices", basic.resolve("prices.csv").toString());
        Outcome refused = billing.run("load", "prices", file.toString());
        // then loading it again changes nothing; changing it is refused
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("0 new or changed, 8 already loaded");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains("price version v1 is already loaded and this row changes the price of gpt-5");
        assertThat(billing.count("SELECT credits_per_request FROM model_price WHERE model = 'gpt-5'"))
                .isEqualTo(80);
        assertThat(billing.execute("UPDATE model_price SET credits_per_request = 1"))
                .contains("append-only");
    }

    @Test
    void aFileIngestedTwiceChangesNothingAndGzipJsonLinesWork() throws IOException {
        // given a gzipped JSONL log with an identical duplicate and a conflicting one
        loadCatalog();
        String lines = """
                {"request_id": "g-1", "occurred_at": "2026-11-02T10:00:00Z", "workspace_id": "ws-pro", "kind": "chat", "model": "lite-1"}
                {"request_id": "g-2", "occurred_at": "2026-11-02T11:00:00+01:00", "workspace_id": "ws-pro", "kind": "chat", "model": "gpt-5", "input_tokens": 1000}
                {"request_id": "g-1", "occurred_at": "2026-11-02T10:00:00Z", "workspace_id": "ws-pro", "kind": "chat", "model": "lite-1"}
                {"request_id": "g-2", "occurred_at": "2026-11-02T10:00:00Z", "workspace_id": "ws-pro", "kind": "chat", "model": "gpt-5", "input_tokens": 1000}
                """;
        Path file = dir.resolve("log.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        // when
        Outcome first = billing.run("ingest", file.toString());
        Outcome second = billing.run("ingest", file.toString());
        // then
        assertThat(first.out())
                .contains("read 4, accepted 2, duplicates 1, quarantined 1")
                .contains("DUPLICATE_CONFLICT: 1");
        assertThat(second.out()).contains("skipped, this file").contains("was ingested before");
        assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(2);
        assertThat(billing.count("SELECT count(*) FROM quarantine")).isEqualTo(1);
        assertThat(billing.count("SELECT line FROM quarantine")).isEqualTo(4);
    }

    @Test
    void filesAreIngestedInTheOrderGivenEachUnderItsOwnHashAndAMissingOneIsNamedInItsTurn() throws IOException {
        // given two logs, the first named twice, then a path that does not exist (each next file is
        // hashed while the one before it loads)
        loadCatalog();
        Path one = write("one.csv", """
                request_id,occurred_at,workspace_id,kind,model
                o-1,2026-11-02T10:00:00Z,ws-pro,chat,lite-1
                o-2,2026-11-02T11:00:00Z,ws-pro,chat,lite-1
                """);
        Path two = write("two.csv", """
                request_id,occurred_at,workspace_id,kind,model
                t-1,2026-11-03T10:00:00Z,ws-pro,chat,lite-1
                """);
        Path missing = dir.resolve("missing.csv");
        // when
        Outcome outcome = billing.run("ingest", one.toString(), two.toString(), one.toString(), missing.toString());
        // then the files before the missing one are in, each once, and the missing one is named
        assertThat(outcome.exit()).isNotZero();
        assertThat(outcome.out())
                .containsSubsequence(
                        "one.csv: read 2, accepted 2", "two.csv: read 1, accepted 1", "skipped, this file");
        assertThat(outcome.err()).contains("no such file: " + missing).contains("check the path");
        assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(3);
        assertThat(billing.count("SELECT count(*) FROM ingested_file")).isEqualTo(2);
        assertThat(billing.text("SELECT string_agg(source || '=' || sha256, ',' ORDER BY file_id) FROM ingested_file"))
                .isEqualTo("one.csv=" + sha256(one) + ",two.csv=" + sha256(two));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRunWhosePartitionsDiedAfterTheirLastCommitResumesWithoutQuarantiningAgain() throws IOException {
        // given a month with a request of a workspace nobody loaded, whose id sorts after every known
        // one (so a partition's last chunk quarantines it), rated to the end
        loadCatalog();
        Path log = write("month.csv", """
                request_id,occurred_at,workspace_id,kind,model
                k-1,2026-11-02T10:00:00Z,ws-pro,chat,lite-1
                u-1,2026-11-02T11:00:00Z,zz-nobody,chat,lite-1
                """);
        assertThat(billing.run("ingest", log.toString()).exit()).isZero();
        String through = "2026-12-01T00:00:00Z";
        assertThat(billing.run("rate", "--through", through).exit()).isZero();
        String postings = "SELECT string_agg(t.txn_id || '/' || p.posting_no || '=' || p.amount, ','"
                + " ORDER BY t.txn_id, p.posting_no) FROM ledger_txn t JOIN ledger_posting p USING (txn_id)";
        String ledger = billing.text(postings);
        // when the process had died after every partition's last commit but before Spring Batch marked
        // the steps complete, and the run is started again
        String last = "(SELECT max(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_instance i"
                + " USING (job_instance_id) WHERE i.job_name = 'rate')";
        billing.execute("UPDATE batch_step_execution SET status = 'FAILED', exit_code = 'FAILED'"
                + " WHERE step_name <> 'startRun' AND job_execution_id = " + last);
        billing.execute(
                "UPDATE batch_job_execution SET status = 'FAILED', exit_code = 'FAILED' WHERE job_execution_id = "
                        + last);
        billing.execute("UPDATE rating_run SET finished_at = NULL");
        Outcome resumed = billing.run("rate", "--through", through);
        // then the partitions end without quarantining the request again, and nothing else moved
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(billing.text("SELECT string_agg(request_id || '=' || reason, ',') FROM quarantine"))
                .isEqualTo("u-1=UNKNOWN_WORKSPACE");
        assertThat(billing.text(postings)).isEqualTo(ledger);
        assertThat(billing.count("SELECT count(*) FROM rated_request")).isEqualTo(1);
        assertThat(billing.run("check").out()).contains("ledger check passed");
    }

    @Test
    void aFileThatRepeatsIdsOfAnEarlierFileIsSettledInLineOrder() throws IOException {
        // given a first file, then a second whose first batch meets two of its ids (one identical,
        // one changed) among new ids, a repeat within the file and a malformed line
        loadCatalog();
        String header = "request_id,occurred_at,workspace_id,user_id,kind,agent_id,automation_id,automation_run_id,"
                + "app_id,model,resolved_model,input_tokens,output_tokens,status,public_visitor\n";
        Path first = write("first.csv", header + """
                        a-1,2026-11-02T10:00:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        a-2,2026-11-02T10:01:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        a-3,2026-11-02T10:02:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        """);
        Path second = write("second.csv", header + """
                        a-4,2026-11-03T10:00:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        a-2,2026-11-02T10:01:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        not,a,row
                        a-3,2026-11-02T10:02:00Z,ws-pro,u1,chat,,,,,lite-1,,99,10,,
                        a-5,2026-11-03T10:01:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        a-4,2026-11-03T10:00:00Z,ws-pro,u2,chat,,,,,lite-1,,10,10,,
                        """);
        // when
        Outcome one = billing.run("ingest", first.toString());
        Outcome two = billing.run("ingest", second.toString());
        // then the new ids are stored once, the identical repeat is a duplicate, the rest quarantined
        assertThat(one.out()).contains("read 3, accepted 3, duplicates 0, quarantined 0");
        assertThat(two.out()).contains("read 6, accepted 2, duplicates 1, quarantined 3");
        assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(5);
        assertThat(billing.count("SELECT input_tokens FROM request WHERE request_id = 'a-3'"))
                .isEqualTo(10);
        assertThat(billing.count("SELECT count(*) FROM request WHERE request_id = 'a-4' AND user_id = 'u1'"))
                .isEqualTo(1);
        assertThat(billing.text("SELECT string_agg(line || ':' || reason, ' ' ORDER BY line) FROM quarantine"
                        + " WHERE source = 'second.csv'"))
                .isEqualTo("4:MALFORMED_ROW 5:DUPLICATE_CONFLICT 7:DUPLICATE_CONFLICT");
    }

    @Test
    void hostileLinesCostOnlyThemselvesAndTheQuarantineKeepsTheirBytes() throws IOException {
        // given a file whose ids u-3\xff and u-3\xfe a replacing decoder would make one, a NUL, an
        // unbalanced quote and a stray one between good lines, and JSON Lines with a lone surrogate
        loadCatalog();
        String header = "request_id,occurred_at,workspace_id,user_id,kind,agent_id,automation_id,automation_run_id,"
                + "app_id,model,resolved_model,input_tokens,output_tokens,status,public_visitor\n";
        String tail = ",2026-11-02T10:00:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,\n";
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        content.writeBytes((header + "h-1" + tail).getBytes(StandardCharsets.UTF_8));
        content.writeBytes(new byte[] {'u', '-', '3', (byte) 0xff});
        content.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        content.writeBytes(new byte[] {'u', '-', '3', (byte) 0xfe});
        content.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        content.writeBytes(("h-2" + tail.replace("u1", "u\u0000")).getBytes(StandardCharsets.UTF_8));
        content.writeBytes(("h-3" + tail.replace("u1", "\"u1")).getBytes(StandardCharsets.UTF_8));
        content.writeBytes(("h-4" + tail.replace("u1", "a\"b")).getBytes(StandardCharsets.UTF_8));
        content.writeBytes(("h-5" + tail.replace("u1", "\"u, \"\"1\"\"\"")).getBytes(StandardCharsets.UTF_8));
        Path csv = dir.resolve("hostile.csv");
        Files.write(csv, content.toByteArray());
        Path jsonl = write(
                "hostile.jsonl",
                "{\"request_id\": \"j-1\", \"occurred_at\": \"2026-11-02T10:00:00.123456789Z\", \"workspace_id\":"
                        + " \"ws-pro\", \"kind\": \"chat\", \"model\": \"lite-1\", \"user_id\": \"\\ud800\"}\n"
                        + "{\"request_id\": \"j-2\", \"occurred_at\": \"2026-11-02T10:00Z\", \"workspace_id\": \"ws-pro\","
                        + " \"kind\": \"chat\", \"model\": \"lite-1\", \"input_tokens\": 7, \"public_visitor\": true}\n");

        // when
        Outcome outcome = billing.run("ingest", csv.toString(), jsonl.toString());

        // then every good line is stored, each bad one is quarantined under its own line, and the
        // bytes that are not text are kept as they were
        assertThat(outcome.exit()).isZero();
        assertThat(outcome.out())
                .contains("hostile.csv: read 7, accepted 2, duplicates 0, quarantined 5")
                .contains("hostile.jsonl: read 2, accepted 1, duplicates 0, quarantined 1");
        assertThat(billing.text("SELECT string_agg(request_id || ':' || line || ':' || coalesce(user_id, '-'), ' '"
                        + " ORDER BY line) FROM request"))
                .isEqualTo("h-1:2:u1 j-2:2:- h-5:8:u, \"1\"");
        assertThat(billing.text("SELECT string_agg(source || ':' || line || ':' || reason || ':'"
                        + " || coalesce(encode(raw_bytes, 'hex'), '-') || ':' || (raw IS NULL), ' '"
                        + " ORDER BY source, line) FROM quarantine"))
                .isEqualTo("hostile.csv:3:MALFORMED_ROW:"
                        + hex(new byte[] {'u', '-', '3', (byte) 0xff}, tail) + ":true"
                        + " hostile.csv:4:MALFORMED_ROW:" + hex(new byte[] {'u', '-', '3', (byte) 0xfe}, tail) + ":true"
                        + " hostile.csv:5:MALFORMED_ROW:"
                        + hex("h-2".getBytes(StandardCharsets.UTF_8), tail.replace("u1", "u\u0000")) + ":true"
                        + " hostile.csv:6:MALFORMED_ROW:-:false hostile.csv:7:MALFORMED_ROW:-:false"
                        + " hostile.jsonl:1:MALFORMED_ROW:-:false");
        assertThat(billing.text("SELECT raw FROM quarantine WHERE source = 'hostile.csv' AND line = 7"))
                .isEqualTo("h-4" + tail.replace("u1", "a\"b").strip());
    }

    /** The hex of a line's bytes: a prefix, then a text without its final line break. */
    private static String hex(byte[] prefix, String text) {
        byte[] rest = text.strip().getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        return HexFormat.of().formatHex(all);
    }

    @Test
    void batchesThatMeetIdsOfAnEarlierFileAreRedoneWhileTheOthersStayCommitted() throws IOException {
        // given batches of three records: the second file's first and last batches are new, its
        // second and third meet ids of the first file, and one id repeats within the file
        billing.close();
        billing = new BillingHarness("batches", Map.of("billing.rating.partitions", 2, "billing.ingest.batch-rows", 3));
        loadCatalog();
        String header = "request_id,occurred_at,workspace_id,user_id,kind,agent_id,automation_id,automation_run_id,"
                + "app_id,model,resolved_model,input_tokens,output_tokens,status,public_visitor\n";
        StringBuilder first = new StringBuilder(header);
        for (int i = 1; i <= 4; i++) {
            first.append("b-")
                    .append(i)
                    .append(",2026-11-02T10:00:0")
                    .append(i)
                    .append("Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,\n");
        }
        Path second = write("second.csv", header + """
                        b-5,2026-11-03T10:00:05Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-6,2026-11-03T10:00:06Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-7,2026-11-03T10:00:07Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-8,2026-11-03T10:00:08Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-2,2026-11-02T10:00:02Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-9,2026-11-03T10:00:09Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-10,2026-11-03T10:00:10Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-5,2026-11-03T10:00:05Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-3,2026-11-02T10:00:03Z,ws-pro,u1,chat,,,,,lite-1,,99,10,,
                        b-11,2026-11-03T10:00:11Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        b-12,2026-11-03T10:00:12Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,
                        """);
        // when
        Outcome one = billing.run("ingest", write("first.csv", first.toString()).toString());
        Outcome two = billing.run("ingest", second.toString());
        // then every new id is stored once with its line, the identical repeats are duplicates and the
        // changed one is quarantined, whichever batch each was in
        assertThat(one.out()).contains("read 4, accepted 4, duplicates 0, quarantined 0");
        assertThat(two.out()).contains("read 11, accepted 8, duplicates 2, quarantined 1");
        assertThat(two.out() + two.err()).contains("2 batches held request ids seen in earlier files");
        assertThat(billing.text("SELECT string_agg(request_id || '@' || line, ' ' ORDER BY line) FROM request"
                        + " JOIN ingested_file USING (file_id) WHERE source = 'second.csv'"))
                .isEqualTo("b-5@2 b-6@3 b-7@4 b-8@5 b-9@7 b-10@8 b-11@11 b-12@12");
        assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(12);
        // and each row, copied or staged, carries its workspace's bucket
        for (String pair : billing.text("SELECT string_agg(DISTINCT workspace_id || ' ' || bucket, ',') FROM request")
                .split(",")) {
            String[] wsBucket = pair.split(" ");
            assertThat(Short.parseShort(wsBucket[1])).as(pair).isEqualTo(WorkspaceBucket.of(wsBucket[0]));
        }
        assertThat(billing.count("SELECT input_tokens FROM request WHERE request_id = 'b-3'"))
                .isEqualTo(10);
        assertThat(billing.text("SELECT string_agg(line || ':' || reason, ' ' ORDER BY line) FROM quarantine"
                        + " WHERE source = 'second.csv'"))
                .isEqualTo("10:DUPLICATE_CONFLICT");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileThatBreaksOffMidwayFailsWholeAndTheNextIngestWorks() throws IOException {
        // given a gzipped log cut off in the middle: tens of thousands of rows are read (a COPY into
        // request is open) before the stream ends
        loadCatalog();
        StringBuilder lines = new StringBuilder("request_id,occurred_at,workspace_id,user_id,kind,agent_id,"
                + "automation_id,automation_run_id,app_id,model,resolved_model,input_tokens,output_tokens,status,"
                + "public_visitor\n");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 40_000; i++) {
            lines.append("cut-")
                    .append(i)
                    .append(",2026-11-02T10:00:00Z,ws-pro,u")
                    .append(random.nextInt(1_000_000))
                    .append(",chat,,,,,lite-1,,")
                    .append(random.nextInt(5_000))
                    .append(',')
                    .append(random.nextInt(5_000))
                    .append(",,\n");
        }
        java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gzip.toByteArray();
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 3 / 4));
        Path good = write(
                "good.csv",
                lines.substring(0, lines.indexOf("\n") + 1)
                        + "ok-1,2026-11-02T10:00:00Z,ws-pro,u1,chat,,,,,lite-1,,10,10,,\n");
        // when
        Outcome broken = billing.run("ingest", cut.toString());
        Outcome next = billing.run("ingest", good.toString());
        // then the cut file fails, nothing of it is kept, and the next ingest runs normally
        assertThat(broken.exit()).isNotZero();
        assertThat(broken.err())
                .contains("cut.csv.gz could not be read past record")
                .contains("ZLIB");
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(next.out()).contains("read 1, accepted 1");
        assertThat(billing.count("SELECT count(*) FROM request WHERE request_id LIKE 'cut-%'"))
                .isZero();
        assertThat(billing.count("SELECT count(*) FROM request")).isEqualTo(1);
    }

    @Test
    void aDatabaseMadeByABuildWithOtherMigrationsIsRefusedWithWhatToDo() {
        // given a database whose applied migration 1 differs from this build's (another schema)
        loadCatalog();
        billing.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        // when
        Outcome refused = billing.run("jobs", "list");
        // then one plain message says what is wrong and what to do, without a stack trace
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains("billing: this database was made by another build of billing")
                .contains("Migration checksum mismatch for migration version 1")
                .contains("start this build on an empty database")
                .contains("Do not run Flyway repair")
                .doesNotContain("\tat ")
                .doesNotContain("Application run failed");
        assertThat(billing.count("SELECT count(*) FROM plan")).isPositive();
    }

    @Test
    void aDatabaseMadeByTheSquashedMigrationsIsRefusedInOneLine() {
        // given a database whose history is the one of the migrations squashed into V1__baseline.sql
        loadCatalog();
        billing.execute(
                "UPDATE flyway_schema_history SET description = 'spring batch', script = 'V1__spring_batch.sql',"
                        + " checksum = 1 WHERE version = '1'");
        billing.execute("INSERT INTO flyway_schema_history SELECT installed_rank + 1, '2', 'catalog', type,"
                + " 'V2__catalog.sql', 2, installed_by, installed_on, execution_time, success"
                + " FROM flyway_schema_history WHERE version = '1'");
        // when
        Outcome refused = billing.run("jobs", "list");
        // then one line says so and what to do
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip())
                .isEqualTo("billing: this database was created by an older, unreleased schema of billing; drop and"
                        + " recreate that database (or give another --db-url), then load and ingest again.");
        assertThat(billing.count("SELECT count(*) FROM plan")).isPositive();
    }

    @Test
    void theLedgerIsAppendOnlyAndTheCheckCatchesADriftedProjection() {
        // given a rated month
        loadBasicMonth();
        Outcome rated = billing.run("rate", "--through", "2026-12-01T00:00:00Z");
        assertThat(rated.exit()).as(rated.err()).isZero();
        assertThat(billing.run("check").out()).contains("ledger check passed");
        assertThat(billing.count("SELECT count(*) FROM ledger_posting")).isPositive();
        // when someone tampers
        String update = billing.execute("UPDATE ledger_posting SET amount = amount + 1");
        String delete = billing.execute("DELETE FROM ledger_txn");
        String truncate = billing.execute("TRUNCATE ledger_posting CASCADE");
        billing.execute("UPDATE account_state SET balance = balance + 5 WHERE workspace_id = 'ws-pro'");
        Outcome check = billing.run("check");
        // then
        assertThat(update).contains("append-only");
        assertThat(delete).contains("append-only");
        assertThat(truncate).contains("append-only");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("workspace ws-pro");
    }

    @Test
    void everyRatedRequestLeadsToTheUsageTransactionThatChargedItAndTheCheckProvesTheSums() {
        // given a month rated in two runs, so that a day's requests go to two transactions
        loadBasicMonth();
        assertThat(billing.run("rate", "--through", "2026-11-15T12:00:00Z").exit())
                .isZero();
        assertThat(billing.run("rate", "--through", "2026-12-01T00:00:00Z").exit())
                .isZero();
        // then each charged request has the usage transaction of its workspace, run and UTC day
        assertThat(billing.count("SELECT count(*) FROM rated_request_txn WHERE cost > 0"))
                .isPositive();
        assertThat(billing.count("""
                        SELECT count(*) FROM rated_request_txn v LEFT JOIN ledger_txn t USING (txn_id)
                        WHERE v.cost > 0 AND (t.txn_id IS NULL OR t.kind <> 'USAGE' OR t.workspace_id <> v.workspace_id
                              OR t.run_through <> v.run_through
                              OR t.txn_id <> 'U:' || v.workspace_id || ':'
                                  || to_char(v.process_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ':'
                                  || to_char(v.run_through AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                        """)).isZero();
        assertThat(billing.count("SELECT count(*) FROM rated_request_txn WHERE cost = 0 AND txn_id IS NOT NULL"))
                .isZero();
        assertThat(billing.count("""
                        SELECT count(DISTINCT txn_id) FROM rated_request_txn
                        WHERE process_at >= '2026-11-15T00:00:00Z' AND process_at < '2026-11-16T00:00:00Z'
                          AND workspace_id = 'ws-ent' AND cost > 0
                        """)).isEqualTo(2);
        assertThat(billing.run("check").out())
                .contains("ledger check passed")
                .contains("every usage transaction charged exactly its rated requests");
        // when rated rows appear that no transaction charged: one more in a run's day, and one in a
        // run that never happened
        billing.execute("""
                INSERT INTO rated_request (request_id, process_at, price_id, cost, run_through)
                SELECT request_id, process_at, price_id, cost, run_through
                FROM rated_request WHERE cost > 0 ORDER BY request_id LIMIT 1
                """);
        billing.execute("""
                INSERT INTO rated_request (request_id, process_at, price_id, cost, run_through)
                SELECT request_id, process_at, price_id, 7, '2026-11-20T00:00:00Z'
                FROM rated_request WHERE cost > 0 ORDER BY request_id LIMIT 1
                """);
        Outcome check = billing.run("check");
        // then the whole-database check names both: the transaction whose sums no longer match, and
        // the charged request that has no transaction
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out())
                .contains(
                        "1 rated requests costing 7 credits have no usage transaction of their workspace, run and day")
                .containsPattern("usage transaction U:ws-[a-z-]+:2026-11-\\d\\d:2026-1\\d-\\d\\dT[0-9:]+Z:"
                        + " consumed posting \\d+ but its \\d+ rated requests cost \\d+");
    }

    @Test
    void aStoredAccountThatDoesNotConserveCreditsIsRefusedWhenLoaded() {
        // given a first half month rated, then a grant drifted from its account's totals
        loadBasicMonth();
        assertThat(billing.run("rate", "--through", "2026-11-15T00:00:00Z").exit())
                .isZero();
        billing.execute(
                "UPDATE credit_grant SET remaining = remaining - 1 WHERE workspace_id = 'ws-pro' AND remaining > 0");
        // when the next run loads ws-pro
        Outcome rated = billing.run("rate", "--through", "2026-12-01T00:00:00Z");
        // then it fails before rating it (pair assertion), naming the workspace, and is not finished
        assertThat(rated.exit()).isEqualTo(1);
        assertThat(rated.err())
                .contains("the stored account of workspace ws-pro does not conserve credits")
                .contains("billing check");
        assertThat(billing.count("SELECT count(*) FROM rating_run WHERE finished_at IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void aRunEndsByCheckingTheLedgerOfTheWorkspacesItTouched() {
        // given a first half month rated, then a grant drifted from its postings (its account's totals
        // drifted with it, so the account itself still conserves credits)
        loadBasicMonth();
        assertThat(billing.run("rate", "--through", "2026-11-15T00:00:00Z").exit())
                .isZero();
        billing.execute("""
                WITH g AS (UPDATE credit_grant SET remaining = remaining - 1
                           WHERE workspace_id = 'ws-pro' AND grant_no = (SELECT min(grant_no) FROM credit_grant
                               WHERE workspace_id = 'ws-pro' AND remaining > 0) RETURNING workspace_id)
                UPDATE account_state SET expired = expired + 1 WHERE workspace_id IN (SELECT workspace_id FROM g)
                """);
        // when the next run rates ws-pro again
        Outcome rated = billing.run("rate", "--through", "2026-12-01T00:00:00Z");
        // then it fails, naming the workspace, and is not finished
        assertThat(rated.exit()).isEqualTo(1);
        assertThat(rated.err()).contains("ledger check failed").contains("ws-pro");
        assertThat(billing.count("SELECT count(*) FROM rating_run WHERE finished_at IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void aPartitionLeasedByAnotherSessionIsNotRatedUntilTheLeaseIsFree() throws SQLException {
        // given requests to rate, and another session holding the lease of the partition of buckets 0-511
        loadBasicMonth();
        Instant through = Instant.parse("2026-12-01T00:00:00Z");
        try (Connection other = DriverManager.getConnection(billing.url());
                Statement lease = other.createStatement()) {
            lease.execute("SELECT pg_advisory_lock(" + PartitionLeases.LOCK_CLASS + ", "
                    + PartitionLeases.key(through, 0) + ")");
            // when
            Outcome refused = billing.run("rate", "--through", through.toString());
            // then that partition fails without rating anything, and says why
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("rateWorkspacePartition:buckets0-511")
                    .contains("is being rated by another process");
            assertThat(billing.count("SELECT count(*) FROM batch_step_execution"
                            + " WHERE step_name = 'rateWorkspacePartition:buckets0-511' AND status = 'FAILED'"))
                    .isEqualTo(1);
            assertThat(billing.count("SELECT count(*) FROM rating_run WHERE finished_at IS NOT NULL"))
                    .isZero();
        }
        // when the other session is gone, the same command finishes the run
        Outcome rated = billing.run("rate", "--through", through.toString());
        assertThat(rated.exit()).as(rated.err()).isZero();
        assertThat(billing.run("check").out()).contains("ledger check passed");
        assertThat(billing.count("SELECT count(*) FROM rating_run WHERE finished_at IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void rateRunAgainDoesNothingAndSaysSoButNeverGoesBackAndNamesTheWatermark() {
        // given
        loadCatalog();
        Outcome first = billing.run("rate", "--through", "2026-11-15T00:00:00Z");
        assertThat(first.exit()).isZero();
        long ledgerRows = billing.count("SELECT count(*) FROM ledger_posting");
        // when
        Outcome repeat = billing.run("rate", "--through", "2026-11-15T00:00:00Z");
        Outcome back = billing.run("rate", "--through", "2026-11-10T00:00:00Z");
        Outcome bad = billing.run("rate", "--through", "yesterday");
        // then the same command again succeeds, posts nothing and prints the finished run's summary
        assertThat(repeat.exit()).as(repeat.err()).isZero();
        assertThat(repeat.out())
                .startsWith("already rated through 2026-11-15T00:00:00Z (run finished at ")
                .contains("; nothing to do. That run (from the beginning): ");
        String summary = first.out()
                .replaceFirst("(?s)^rated through \\S+ \\(from the beginning\\): ", "")
                .replaceFirst(" in [0-9.]+ s\\R$", "");
        assertThat(repeat.out()).endsWith(summary + System.lineSeparator());
        assertThat(billing.count("SELECT count(*) FROM ledger_posting")).isEqualTo(ledgerRows);
        assertThat(back.exit()).isEqualTo(1);
        assertThat(back.err()).contains("is not after the watermark 2026-11-15T00:00:00Z");
        assertThat(bad.err()).contains("not an ISO-8601 instant");
        assertThat(billing.count("SELECT count(*) FROM rating_run")).isEqualTo(1);
    }

    @Test
    void aScriptStopsAtTheFirstFailingLineAndNamesIt() throws IOException {
        // given
        Path script = write("s.txt", "# a comment\n\nload plans missing.csv\nload packs missing.csv\n");
        // when
        Outcome outcome = billing.run("script", script.toString());
        // then
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).contains("s.txt line 3 failed").contains("missing.csv");
        assertThat(outcome.out()).doesNotContain("load packs");
    }

    @Test
    void aDirectoryAndAFifoAreEachNamedForWhatTheyAre() throws Exception {
        // given
        loadCatalog();
        Path folder = Files.createDirectories(dir.resolve("logs"));
        Path fifo = dir.resolve("pipe.csv");
        Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "no mkfifo on this machine");
        // when
        Outcome directory = billing.run("ingest", folder.toString());
        Outcome pipe = billing.run("ingest", fifo.toString());
        // then each is one line saying what the path is and what to do
        assertThat(directory.exit()).isEqualTo(1);
        assertThat(directory.err())
                .isEqualTo("billing: " + folder + " is a directory, not a file; name the files in it (for example "
                        + folder.resolve("*.csv") + ")\n");
        assertThat(pipe.exit()).isEqualTo(1);
        assertThat(pipe.err())
                .isEqualTo("billing: " + fifo + " is not a regular file (a FIFO); copy what it holds to a file and"
                        + " pass that\n");
        assertThat(billing.count("SELECT count(*) FROM ingested_file")).isZero();
    }

    @Test
    void anUnreadableFileIsPermissionDenied() throws IOException {
        // given a file nobody may read
        Path locked = write("locked.csv", "request_id,occurred_at,workspace_id,kind,model\n");
        Files.setPosixFilePermissions(locked, Set.of());
        Assumptions.assumeFalse(
                Files.isReadable(locked), "running as root, who reads a file whatever its permissions: skipped");
        loadCatalog();
        // when
        Outcome unreadable = billing.run("ingest", locked.toString());
        // then
        assertThat(unreadable.exit()).isEqualTo(1);
        assertThat(unreadable.err())
                .isEqualTo("billing: permission denied: " + locked + " cannot be read by this user; grant read"
                        + " permission (chmod u+r) and run the same command again\n");
    }

    @Test
    void aMissingCatalogFileIsNamedAsMissingAtNoLine() {
        // when
        Outcome outcome =
                billing.run("load", "plans", dir.resolve("missing.csv").toString());
        // then
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err())
                .isEqualTo("billing: no such file: " + dir.resolve("missing.csv") + "; check the path (relative paths"
                        + " in a script resolve against the script's folder)\n");
    }

    @Test
    void aPurchaseDatedBeforeItsWorkspacesAnchorRefusesTheWholeFile() throws IOException {
        // given workspaces whose accounts start on 2026-11-01, and a file whose second purchase is earlier
        loadCatalog();
        Path file = write("purchases.csv", """
                purchase_id,workspace_id,purchased_at,pack_id
                pur-1,ws-pro,2026-11-03T09:00:00Z,p1k
                pur-2,ws-biz,2026-10-31T23:59:59Z,p1k
                pur-3,ws-max,2026-11-04T09:00:00Z,p1k
                """);
        // when
        Outcome outcome = billing.run("load", "purchases", file.toString());
        // then
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err())
                .isEqualTo("billing: purchases.csv, line 3, column purchased_at: purchase 'pur-2' of workspace 'ws-biz'"
                        + " is dated 2026-10-31T23:59:59Z, before the workspace's cycle anchor 2026-11-01 (its account"
                        + " starts then); correct purchased_at, or the workspace's cycle_anchor (nothing from this file"
                        + " was loaded; fix the file and load it again)\n");
        assertThat(billing.count("SELECT count(*) FROM purchase")).isZero();
    }

    @Test
    void anExportToAFullDiskSaysSoInOneLine() {
        // given a device that is always full
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full on this machine");
        loadCatalog();
        // when
        Outcome outcome = billing.run("export", "balances", "--out", "/dev/full");
        // then
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err())
                .isEqualTo(
                        "billing: no space left on device in /dev: free space and run the same" + " command again\n");
    }
}
