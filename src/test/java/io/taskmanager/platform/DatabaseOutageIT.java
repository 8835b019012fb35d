package io.taskmanager.platform;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.ServiceProcess.Poll;
import io.taskmanager.support.TestEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, part 2 (RELIABILITY.md): under a load of creates, PostgreSQL cuts the service's
 * connections again and again, then stops and starts again.
 * Its own database and service, so no other test is disturbed. While it is down readiness is
 * DOWN, liveness UP, and every request gets a quick 503; once it is back the same process
 * serves again; and the table holds exactly the tasks whose create got a 201. Clients send a
 * refused create again with the same Idempotency-Key until it succeeds, so each ends as one task.
 */
class DatabaseOutageIT {

    private static final Path BUILD = Path.of(System.getProperty("taskmanager.build.dir", "target"));
    // a directory of its own each run: a run that was killed must not block the next one's initdb
    private static final Path DATA = BUILD.resolve("outage-postgres").resolve(java.util.UUID.randomUUID().toString());
    private static final int CLIENTS = 4;
    /** The pool's wait (5 s) plus the driver's connect timeout (5 s), with room for a busy CI machine. */
    private static final Duration SLOWEST_ANSWER = Duration.ofSeconds(15);
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Each costs up to the pool's 2 s validation period of 503s before the connections are renewed. */
    private static final int CONNECTION_CUTS = 25;

    /** One create as its client saw it; the title doubles as its Idempotency-Key. */
    private record Outcome(String title, int status, String code, boolean replayed, long startedNanos, long tookNanos) {
    }

    @Test
    void aLoadRidesThroughAnOutageWithNothingLostAndNothingInvented() throws Exception {
        EmbeddedPostgres postgres = start(0);
        int port = postgres.getPort();
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE taskmanager");
        }
        Map<String, String> environment = TestEnvironment.productionEnvironment(Map.of("DB_HOST", "127.0.0.1",
                "DB_PORT", String.valueOf(port), "DB_NAME", "taskmanager", "DB_USER", "postgres", "DB_PASSWORD", "postgres"));
        environment.putAll(Map.of("TASKMANAGER_BCRYPT_COST", "4", "TASKMANAGER_RATELIMIT_USER_PER_MINUTE", "1000000",
                "TASKMANAGER_TASKS_QUOTA", "1000000"));
        ServiceProcess service = ServiceProcess.start("outage", environment);
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        try {
            service.awaitReady(Duration.ofMinutes(3));
            Api api = Api.at(service.baseUri());
            String token = api.freshToken();
            long userId = api.userId(token);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    // as a careful client does: a refused create is sent again, with its key, until it gets a 201
                    for (int n = 0; loading.get(); ) {
                        Outcome outcome = create(api, token, "outage " + client + "-" + n);
                        outcomes.add(outcome);
                        if (outcome.status() == 201) {
                            n++;
                        }
                    }
                }, "outage-client-" + c);
                thread.start();
                clients.add(thread);
            }
            assertTrue(Poll.until(Duration.ofSeconds(30), () -> count(outcomes, 201, 0) >= 50), "creates did not succeed before the outage");

            // connections cut mid-request, as a failover or an idle-session killer does: each cut
            // lands in a different step of some create (a query, the insert, the commit)
            int cuts = 0;
            try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
                for (; cuts < CONNECTION_CUTS; cuts++) {
                    statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = 'taskmanager' AND pid <> pg_backend_pid()");
                    long cut = System.nanoTime();
                    assertTrue(Poll.until(Duration.ofSeconds(30), () -> count(outcomes, 201, cut) >= 2),
                            "creates did not succeed again after connections were cut");
                }
            }

            postgres.close();
            postgres = null;
            long down = System.nanoTime();
            assertTrue(Poll.until(Duration.ofSeconds(30), () -> api.get("/health/ready", null).status() == 503),
                    "readiness stayed UP without a database");
            assertEquals("DOWN", api.get("/health/ready", null).json().getString("status"));
            assertEquals(200, api.get("/health/live", null).status());
            assertError(api.get("/api/users/me", token), 503, "SERVICE_UNAVAILABLE");
            // down for at least as long as the pool waits and the driver tries to connect, twice over
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> count(outcomes, 503, down) >= 20
                    && System.nanoTime() - down >= OUTAGE.toNanos()), "creates were not refused during the outage");

            postgres = start(port);
            long back = System.nanoTime();
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> api.get("/health/ready", null).status() == 200),
                    "readiness did not come back with the database");
            long recovered = System.nanoTime();
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> count(outcomes, 201, recovered) >= 50),
                    "creates did not succeed again after the database came back");
            loading.set(false);
            for (Thread client : clients) {
                client.join(SLOWEST_ANSWER.toMillis() * 2);
            }

            Map<String, Long> byAnswer = outcomes.stream().collect(Collectors.groupingBy(o -> o.status() + " " + o.code(),
                    TreeMap::new, Collectors.counting()));
            long slowestMillis = outcomes.stream().mapToLong(Outcome::tookNanos).max().orElse(0) / 1_000_000;
            System.out.printf("outage: %d creates %s; connections cut %d times; database down %d s; slowest answer %d ms;"
                            + " readiness UP again %d ms after the database%n", outcomes.size(), byAnswer, cuts, (back - down) / 1_000_000_000, slowestMillis, (recovered - back) / 1_000_000);
            assertEquals(Set.of("201 -", "503 SERVICE_UNAVAILABLE"), byAnswer.keySet(), "answers other than 201 and a clean 503");
            assertTrue(slowestMillis < SLOWEST_ANSWER.toMillis(), "a create waited " + slowestMillis + " ms");

            Set<String> answered201 = outcomes.stream().filter(o -> o.status() == 201).map(Outcome::title).collect(Collectors.toSet());
            List<String> stored = titles(postgres, userId);
            assertEquals(stored.size(), new HashSet<>(stored).size(), "a create was stored twice");
            assertEquals(answered201, new HashSet<>(stored), "the table does not hold exactly the tasks that got a 201");
            // a retry that is answered as a replay: the refused attempt before it had been committed after all
            long replays = outcomes.stream().filter(Outcome::replayed).count();
            long retried = outcomes.stream().filter(o -> o.status() == 503).map(Outcome::title).distinct().count();
            System.out.printf("outage: %d creates refused and retried until they succeeded; %d of the 201s were replays%n",
                    retried, replays);
        } finally {
            loading.set(false);
            for (Thread client : clients) {
                client.join(SLOWEST_ANSWER.toMillis() * 2);
            }
            service.stop();
            if (postgres != null) {
                postgres.close();
            }
            ServiceProcess.deleteTree(DATA);
        }
    }

    private static Outcome create(Api api, String token, String title) {
        long started = System.nanoTime();
        Reply reply;
        try {
            reply = api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", title)
                    .json("{\"title\": \"" + title + "\"}").send();
        } catch (RuntimeException noAnswer) {
            // a timeout or a dropped connection: the assertions on the outcomes report it
            return new Outcome(title, -1, noAnswer.toString(), false, started, System.nanoTime() - started);
        }
        long took = System.nanoTime() - started;
        String code = "-";
        if (reply.status() >= 400) {
            try {
                code = reply.status() == 503 ? assertError(reply, 503, "SERVICE_UNAVAILABLE").getString("code") : reply.body();
            } catch (AssertionError notTheEnvelope) {
                // thrown here it would only end this client's thread: recorded, it fails the answers' check
                code = notTheEnvelope.getMessage();
            }
        }
        return new Outcome(title, reply.status(), code, reply.header("Idempotent-Replayed").isPresent(), started, took);
    }

    private static long count(Queue<Outcome> outcomes, int status, long since) {
        return outcomes.stream().filter(o -> o.status() == status && o.startedNanos() - since >= 0).count();
    }

    private static List<String> titles(EmbeddedPostgres postgres, long userId) throws SQLException {
        try (Connection connection = postgres.getDatabase("postgres", "taskmanager").getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT title FROM tasks WHERE user_id = ?")) {
            select.setLong(1, userId);
            List<String> titles = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    titles.add(rows.getString(1));
                }
            }
            return titles;
        }
    }

    /**
     * Port 0 picks a free one; the restart passes the first start's port. The data directory is
     * never cleaned by close (that would lose the table across the restart), but by the test.
     */
    private static EmbeddedPostgres start(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(DATA)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(TestEnvironment.postgresLog(BUILD))
                .setErrorRedirector(TestEnvironment.postgresLog(BUILD))
                .start();
    }
}
