package com.creditledger.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code billing serve} in child JVMs: two servers, one night each; SIGTERM leaves the job STOPPED. */
class ServeIntegrationTests {

    @TempDir
    Path dir;

    private final LocalDate yesterday = LocalDate.now(Clock.systemUTC()).minusDays(1);

    private Process serve(BillingHarness billing, String name, int port, String chunk) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Duser.timezone=UTC",
                        "-XX:TieredStopAtLevel=1", // a child JVM that starts fast
                        "-XX:+UseSerialGC",
                        "-Dserver.port=" + port,
                        "-Dbilling.nightly.schedule=*/2 * * * * *",
                        "-Dbilling.nightly.inbox=" + dir.resolve("serve-inbox"),
                        "-Dbilling.nightly.outbox=" + dir.resolve("serve-outbox"),
                        "-Dbilling.rating.partitions=2",
                        "-Dbilling.rating.workspaces-per-chunk=" + chunk,
                        BillingApplication.class.getName(),
                        "--db-url",
                        billing.url(),
                        "serve")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long nights(BillingHarness billing, String status) {
        return billing.count(
                "SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
                        + " WHERE i.job_name = 'nightly' AND e.status = '" + status + "'");
    }

    @Test
    void serveStartsWithNoSettingsAtAll() throws Exception {
        // given a fresh working directory, no settings, none of billing's environment, the default port
        Assumptions.assumeTrue(
                portIsFree(8080),
                "port 8080, serve's default, is taken by another program; this test runs serve exactly as shipped");
        Path work = Files.createDirectories(dir.resolve("fresh"));
        Path log = dir.resolve("defaults.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-XX:TieredStopAtLevel=1", // a child JVM that starts fast
                        "-XX:+UseSerialGC",
                        BillingApplication.class.getName(),
                        "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("BILLING_")
                        || name.startsWith("SPRING_")
                        || name.startsWith("SERVER_")
                        || name.startsWith("MANAGEMENT_"));
        Process server = builder.start();
        HttpResponse<String> health;
        HttpResponse<String> tasks;
        try {
            // when it is up
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (server.isAlive() && !Files.readString(log).contains("serving:") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
            health = get("http://127.0.0.1:8080/actuator/health");
            tasks = get("http://127.0.0.1:8080/actuator/scheduledtasks");
        } finally {
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        // then it served with the default schedule, and took its embedded PostgreSQL down with it
        assertThat(Files.readString(log))
                .contains("serving: nightly at '0 30 2 * * *' (UTC); health at http://localhost:8080/actuator/health")
                .doesNotContain("Exception");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(tasks.body()).contains("\"expression\":\"0 30 2 * * *\"").contains("NightlyScheduler");
        assertThat(work.resolve("var/pg/PG_VERSION")).as("the embedded default").exists();
        assertThat(work.resolve("var/pg/postmaster.pid")).doesNotExist();
    }

    @Test
    void serveOnAPortAnotherProgramHoldsSaysSoInOneLine() throws IOException {
        // given a port taken
        try (ServerSocket taken = new ServerSocket(0);
                BillingHarness billing = new BillingHarness("taken", Map.of("server.port", taken.getLocalPort()))) {
            // when
            Outcome outcome = billing.run("serve");
            // then
            assertThat(outcome.exit()).isEqualTo(1);
            assertThat(outcome.err())
                    .isEqualTo("billing: billing serve cannot listen on port " + taken.getLocalPort() + ": another"
                            + " program uses it; stop that program, or give this server another port (server.port,"
                            + " env SERVER_PORT)\n");
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoServersRunEachNightExactlyOnce() throws Exception {
        // given two servers on one database, scheduled every two seconds
        NightlyFixture week = new NightlyFixture(dir, 3_000, 20);
        try (BillingHarness billing = week.database("serve", dir, Map.of())) {
            week.deliver(NightlyFixture.START, dir.resolve("serve-inbox"));
            int port = freePort();
            List<Process> servers =
                    new ArrayList<>(List.of(serve(billing, "a", port, "2"), serve(billing, "b", freePort(), "2")));
            try {
                // when they have both had several chances
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (nights(billing, "COMPLETED") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                Thread.sleep(5_000);
                HttpResponse<String> health = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                // then
                assertThat(nights(billing, "COMPLETED"))
                        .as(Files.readString(dir.resolve("a.log")))
                        .isEqualTo(1);
                assertThat(billing.count("SELECT count(*) FROM batch_job_execution"))
                        .as("no other attempt")
                        .isEqualTo(
                                billing.count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'"));
                assertThat(Files.readString(dir.resolve("a.log")))
                        .as("server a was up")
                        .contains("serving:");
                assertThat(Files.readString(dir.resolve("b.log")))
                        .as("server b was up")
                        .contains("serving:");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
            } finally {
                for (Process server : servers) {
                    server.destroy();
                    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
                }
            }
            Outcome list = billing.run("jobs", "list", "--job", "nightly");
            assertThat(list.out()).contains("date=" + yesterday);
        }
    }

    @Test
    void sigtermStopsTheRunningNightSoThatItResumes() throws Exception {
        // given a server busy rating a week of logs, one workspace per transaction
        NightlyFixture week = new NightlyFixture(dir, 20_000, 200);
        try (BillingHarness billing = week.database(
                "sigterm",
                dir,
                Map.of(
                        "billing.nightly.inbox", dir.resolve("serve-inbox").toString(),
                        "billing.nightly.outbox", dir.resolve("serve-outbox").toString()))) {
            for (int d = 0; d < NightlyFixture.DAYS; d++) {
                week.deliver(NightlyFixture.START.plusDays(d), dir.resolve("serve-inbox"));
            }
            Process server = serve(billing, "busy", freePort(), "1");
            String rating =
                    "SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
                            + " WHERE i.job_name = 'rate' AND e.status = 'STARTED'";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (billing.count(rating) == 0 && server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // when
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(90, TimeUnit.SECONDS)).isTrue();
            // then nothing is left STARTED; the night resumes and completes
            assertThat(billing.count(
                            "SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTED', 'STOPPING')"))
                    .as(Files.readString(dir.resolve("busy.log")))
                    .isZero();
            assertThat(nights(billing, "STOPPED")).isEqualTo(1);
            assertThat(billing.count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
                            + " USING (job_instance_id) WHERE i.job_name = 'rate' AND e.status = 'STOPPED'"))
                    .isEqualTo(1);
            Outcome resumed = billing.run("nightly", "--date", yesterday.toString());
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("files      7 ingested");
            assertThat(billing.run("check").out()).contains("ledger check passed");
        }
    }
}
