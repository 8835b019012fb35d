package io.taskmanager.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * WildFly 39 as unpacked by the build, prepared the way an administrator would: a copy of its
 * {@code standalone/} folder configured by {@code server-config/wildfly/taskmanager.cli}, the WAR
 * copied into {@code deployments/}, then {@code standalone.sh} on 127.0.0.1 and free ports.
 * Stopped by the PID of its Java process.
 */
public final class WildFlyServer implements RunningServer {

    private static final String DEPLOYMENT = "task-manager.war";

    private final String name;
    private final Process launcher;
    private final Path base;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final long startedAt;

    private WildFlyServer(String name, Process launcher, Path base, Path log, int httpPort, int managementPort, long startedAt) {
        this.name = name;
        this.launcher = launcher;
        this.base = base;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.startedAt = startedAt;
    }

    /** Configures a fresh server base with the CLI script, deploys {@code war} and boots it; {@code environment} is the server's. */
    public static WildFlyServer start(String name, Path war, Map<String, String> environment) {
        Path home = Path.of(System.getProperty("taskmanager.wildfly.home", "target/wildfly/wildfly-39.0.1.Final"));
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException(home + " holds no WildFly: run mvn verify, which unpacks it before the integration tests");
        }
        Path target = ServiceProcess.target();
        Path driver = target.resolve("payara/libs/postgresql.jar");
        try {
            Path logs = Files.createDirectories(target.resolve("it-logs"));
            Path work = Files.createDirectories(target.resolve("it-tmp/" + name + "-" + UUID.randomUUID()));
            Path base = work.resolve("standalone");
            copyTree(home.resolve("standalone"), base);

            long configureStart = System.nanoTime();
            Path cliLog = logs.resolve(name + "-cli.log");
            ProcessBuilder cliBuilder = new ProcessBuilder(List.of("bash", home.resolve("bin/jboss-cli.sh").toString(),
                    "-Djboss.server.base.dir=" + base.toAbsolutePath(),
                    "-Dtaskmanager.postgresql.jar=" + driver.toAbsolutePath(),
                    "--file=" + Path.of("server-config/wildfly/taskmanager.cli").toAbsolutePath()))
                    .redirectErrorStream(true).redirectOutput(cliLog.toFile());
            serverEnvironment(cliBuilder, home);
            Process cli = cliBuilder.start();
            if (!cli.waitFor(3, TimeUnit.MINUTES) || cli.exitValue() != 0) {
                cli.destroyForcibly();
                throw new IllegalStateException("taskmanager.cli failed on " + name + ":\n" + Files.readString(cliLog));
            }
            System.out.printf("%s: configured by taskmanager.cli in %.1f s%n", name, (System.nanoTime() - configureStart) / 1e9);

            Files.copy(war, base.resolve("deployments").resolve(DEPLOYMENT), StandardCopyOption.REPLACE_EXISTING);

            int httpPort = ServiceProcess.freePort();
            int managementPort = ServiceProcess.freePort();
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/standalone.sh").toString(),
                    "-c", "standalone.xml", "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                    "-Djboss.server.base.dir=" + base.toAbsolutePath(),
                    "-Djboss.http.port=" + httpPort,
                    "-Djboss.management.http.port=" + managementPort,
                    "-Djboss.https.port=0",
                    "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")).toAbsolutePath()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            serverEnvironment(builder, home);
            // without these, a signal to standalone.sh never reaches the Java process
            builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
            // standalone.conf's default sizing, and C1 only, as for the tests' Payara (ServiceProcess)
            builder.environment().put("JBOSS_JAVA_SIZING", "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1");
            builder.environment().put("JBOSS_PIDFILE", work.resolve("wildfly.pid").toAbsolutePath().toString());
            Processes.environment(builder, environment);
            long startedAt = System.nanoTime();
            WildFlyServer server = new WildFlyServer(name, builder.start(), base, log, httpPort, managementPort, startedAt);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare WildFly for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // the scripts take Java from JAVA_HOME: the JDK the build runs on
    private static void serverEnvironment(ProcessBuilder builder, Path home) {
        builder.environment().put("JBOSS_HOME", home.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    }

    /** Waits for the deployment scanner's verdict, then for readiness on the management port. */
    public void awaitDeployed(Duration timeout) {
        Path deployed = base.resolve("deployments").resolve(DEPLOYMENT + ".deployed");
        Path failed = base.resolve("deployments").resolve(DEPLOYMENT + ".failed");
        boolean decided = ServiceProcess.Poll.until(timeout, () -> {
            stillRunning();
            return Files.exists(deployed) || Files.exists(failed);
        });
        if (Files.exists(failed)) {
            throw new IllegalStateException(name + ": the deployment failed: " + Processes.read(failed) + "\nsee " + log);
        }
        if (!decided) {
            throw new IllegalStateException(name + ": not deployed after " + timeout + "; see " + log);
        }
        boolean ready = Processes.answers200(healthUri().resolve("/health/ready"), Duration.ofSeconds(60), this::stillRunning);
        if (!ready) {
            throw new IllegalStateException(name + ": deployed but not ready; see " + log);
        }
        System.out.printf("%s: WildFly booted and deployed the WAR in %.1f s%n", name, (System.nanoTime() - startedAt) / 1e9);
    }

    private void stillRunning() {
        if (!launcher.isAlive()) {
            throw new IllegalStateException(name + " exited with " + launcher.exitValue() + "; see " + log);
        }
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public URI healthUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    @Override
    public String log() {
        return Processes.read(log);
    }

    @Override
    public synchronized void stop() {
        Processes.stopByPidFile(base.getParent().resolve("wildfly.pid"), name);
        if (launcher.isAlive()) {
            launcher.destroy();
            try {
                if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
                    launcher.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                launcher.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        ServiceProcess.deleteTree(base.getParent());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
