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
