package io.taskmanager.platform;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.ServiceProcess.Poll;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Its own PostgreSQL and service, so stopping the database disturbs no other test:
 * readiness goes DOWN, liveness stays UP and requests get a quick 503. (Recovery after the
 * database returns is issue 8's outage test.)
 */
class DatabaseOutageIT {

    // a directory of its own each run: a run that was killed must not block the next one's initdb
    private static final Path DATA = Path.of(System.getProperty("taskmanager.build.dir", "target"), "outage-postgres",
            java.util.UUID.randomUUID().toString());

    @Test
    void readinessFollowsTheDatabaseAndRequestsFailCleanlyMeanwhile() throws Exception {
        EmbeddedPostgres postgres = start();
        int port = postgres.getPort();
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE taskmanager");
        }
        ServiceProcess service = ServiceProcess.start("outage", Map.of("DB_HOST", "127.0.0.1", "DB_PORT", String.valueOf(port),
                "DB_NAME", "taskmanager", "DB_USER", "postgres", "DB_PASSWORD", "postgres", "TASKMANAGER_BCRYPT_COST", "4"));
        try {
            service.awaitReady(Duration.ofMinutes(3));
            Api api = Api.at(service.baseUri());
            String token = api.freshToken();

            postgres.close();
            postgres = null;

            assertTrue(Poll.until(Duration.ofSeconds(30), () -> api.get("/health/ready", null).status() == 503),
                    "readiness stayed UP without a database");
            assertEquals("DOWN", api.get("/health/ready", null).json().getString("status"));
            assertEquals(200, api.get("/health/live", null).status());
            long started = System.nanoTime();
            assertError(api.get("/api/users/me", token), 503, "SERVICE_UNAVAILABLE");
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds < 10, "a request waited " + seconds + " s for a dead database");

        } finally {
            service.stop();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(DATA)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }
}
