package io.taskmanager.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/** The built microbundle as a child process on 127.0.0.1 and a free port, stopped by its PID. */
public final class ServiceProcess implements RunningServer {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path root;
    private volatile boolean ready;

    private ServiceProcess(String name, Process process, int port, Path log, Path root) {
        this.root = root;
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code target/task-manager-microbundle.jar}; {@code environment} adds to the
     * inherited one, and a null value removes that variable.
     */
    public static ServiceProcess start(String name, Map<String, String> environment) {
        Path jar = target().resolve("task-manager-microbundle.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn verify, which builds it in the package phase");
        }
        return launch(name, environment, (port, root) -> List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: a test's server lives for seconds to minutes, and a start costs half the
                // CPU without C2 (22 s against 11 s here), which on two cores is most of the suite
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + root.toAbsolutePath(),
                "-jar", jar.toAbsolutePath().toString()));
    }

    /**
     * Starts Payara Micro through {@code launcher}, a command that takes Payara Micro's options
     * after its own (for example the script that runs what the Docker image runs); the port,
     * a fresh root directory and the shipped pre-boot file plus a loopback-only listener are appended.
     */
    public static ServiceProcess launch(String name, Map<String, String> environment, Launcher launcher) {
        int port = freePort();
        try {
            Path logs = Files.createDirectories(target().resolve("it-logs"));
            Path log = logs.resolve(name + ".log");
            // a fresh root each start: a reused one already holds the pool, and the post-boot file fails
            Path tmp = Files.createDirectories(target().resolve("it-tmp/" + name + "-" + java.util.UUID.randomUUID()));
            List<String> command = new ArrayList<>(launcher.command(port, tmp));
            command.addAll(List.of(
                    "--port", String.valueOf(port),
                    "--prebootcommandfile", loopbackPreBootFile(tmp).toString(),
                    "--rootdir", tmp.resolve("payara-root").toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Processes.environment(builder, environment);
            Process process = builder.start();
            ServiceProcess service = new ServiceProcess(name, process, port, log, tmp);
            Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Payara Micro runs one pre-boot file, the last one named: the shipped one (which the jar
     * and the image's command name too) with the tests' loopback-only listener added.
     */
    private static Path loopbackPreBootFile(Path workDirectory) throws IOException {
        String shipped = Files.readString(Path.of("server-config/payara/pre-boot-commands.asadmin"));
        String loopback = Files.readString(Path.of("src/test/resources/payara/loopback-only.asadmin"));
        return Files.writeString(workDirectory.resolve("pre-boot-commands.asadmin"), shipped + "\n" + loopback)
                .toAbsolutePath();
    }

    /** The command up to Payara Micro's own options, given the port and a fresh working directory. */
    @FunctionalInterface
    public interface Launcher {
        List<String> command(int port, Path workDirectory);
    }

    static Path target() {
        return Path.of(System.getProperty("taskmanager.build.dir", "target"));
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public synchronized void awaitReady(Duration timeout) {
        if (ready) {
            return;
        }
        Instant started = Instant.now();
        boolean up = Processes.answers200(baseUri().resolve("/health/ready"), timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
        });
        if (!up) {
            throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
        }
        ready = true;
        System.out.println(name + " ready on " + baseUri() + " after " + Duration.between(started, Instant.now()).toSeconds() + " s of waiting");
    }

    /** The exit status once the process has ended, or empty when it still runs at the deadline. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Waits until the log contains {@code text}; false when the deadline passes. */
    public boolean awaitLog(String text, Duration timeout) {
        return Poll.until(timeout, () -> log().contains(text));
    }

    @Override
    public String log() {
        return Processes.read(log);
    }

    @Override
    public synchronized void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                return;
            }
        }
        // its Payara root (about 150 MB) is of no use once it is stopped; the log stays in it-logs
        deleteTree(root);
    }

    public static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls with a deadline; never a fixed sleep standing in for a condition. */
    public static final class Poll {

        private Poll() {
        }

        public static boolean until(Duration timeout, BooleanSupplier condition) {
            Instant deadline = Instant.now().plus(timeout);
            long pause = 50;
            while (true) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (Instant.now().isAfter(deadline)) {
                    return false;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pause = Math.min(pause * 2, 500);
            }
        }
    }
}
