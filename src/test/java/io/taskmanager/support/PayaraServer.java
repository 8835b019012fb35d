package io.taskmanager.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Payara Server 6 as unpacked by the {@code payara-server} profile, set up the way its README
 * section tells an administrator to: a new domain, the driver in the domain's lib folder,
 * the pre-boot file and the system properties as JVM options, a restart,
 * {@code asadmin multimode --file server-config/payara/post-boot-commands.asadmin}, then
 * {@code asadmin deploy} of the WAR at "/". Listeners on 127.0.0.1 and a free block of ports;
 * stopped by the PID the domain writes.
 */
public final class PayaraServer implements RunningServer {

    private static final String DOMAIN = "taskmanager";

    private final String name;
    private final Path home;
    private final Path domains;
    private final Map<String, String> environment;
    private final int adminPort;
    private final int httpPort;
    private final Path log;

    private PayaraServer(String name, Path home, Path domains, Map<String, String> environment, int portBase, Path log) {
        this.name = name;
        this.home = home;
        this.domains = domains;
        this.environment = environment;
        this.adminPort = portBase + 48;
        this.httpPort = portBase + 80;
        this.log = log;
    }

    /** Creates the domain, starts it with {@code environment}, runs the asadmin file and deploys {@code war}. */
    public static PayaraServer start(String name, Path war, Map<String, String> environment) {
        Path home = Path.of(System.getProperty("taskmanager.payara.server.home", "target/payara-server/payara6"));
        if (!Files.isRegularFile(home.resolve("bin/asadmin"))) {
            throw new IllegalStateException(home + " holds no Payara Server: run with -Ppayara-server");
        }
        Path target = ServiceProcess.target();
        try {
            Path work = Files.createDirectories(target.resolve("it-tmp/" + name + "-" + UUID.randomUUID()));
            Path log = Files.createDirectories(target.resolve("it-logs")).resolve(name + "-asadmin.log");
            Files.deleteIfExists(log);
            PayaraServer server = new PayaraServer(name, home, work, environment, freePortBase(), log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));

            long started = System.nanoTime();
            server.asadmin("create-domain", "--nopassword", "--portbase", String.valueOf(server.adminPort - 48),
                    "--domaindir", work.toString(), DOMAIN);
            Path domain = work.resolve(DOMAIN);
            Files.copy(target.resolve("payara/libs/postgresql.jar"), domain.resolve("lib/postgresql.jar"));
            loopbackOnly(domain.resolve("config/domain.xml"));
            server.asadmin("start-domain", "--domaindir", work.toString(), DOMAIN);
            // the README's step 1: the pre-boot settings and the JVM's system properties, then a restart
            server.asadmin("--port", String.valueOf(server.adminPort), "multimode",
                    "--file", Path.of("server-config/payara/server-pre-boot-commands.asadmin").toAbsolutePath().toString());
            for (Map.Entry<Object, Object> property : systemProperties().entrySet()) {
                server.asadmin("--port", String.valueOf(server.adminPort), "create-jvm-options",
                        ("-D" + property.getKey() + "=" + property.getValue()).replace(":", "\\:"));
            }
            server.asadmin("--port", String.valueOf(server.adminPort), "restart-domain", "--domaindir", work.toString(), DOMAIN);
            System.out.printf("%s: domain created, tuned and started in %.1f s%n", name, (System.nanoTime() - started) / 1e9);

            long configured = System.nanoTime();
            server.asadmin("--port", String.valueOf(server.adminPort), "multimode",
                    "--file", Path.of("server-config/payara/post-boot-commands.asadmin").toAbsolutePath().toString());
            server.asadmin("--port", String.valueOf(server.adminPort), "deploy", "--contextroot", "/", "--name", "task-manager",
                    war.toAbsolutePath().toString());
            System.out.printf("%s: resources created and the WAR deployed in %.1f s%n", name, (System.nanoTime() - configured) / 1e9);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Payara Server for " + name, e);
        }
    }

    // a new domain listens on every interface; tests keep to loopback
    private static void loopbackOnly(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        String bound = xml.replaceAll("(<network-listener\\b[^>]*?)\\saddress=\"[^\"]*\"", "$1")
                .replace("<network-listener ", "<network-listener address=\"127.0.0.1\" ");
        Files.writeString(domainXml, bound, StandardCharsets.UTF_8);
    }

    private void asadmin(String... arguments) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        try {
            Files.writeString(log, "$ asadmin " + String.join(" ", arguments) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("AS_JAVA", System.getProperty("java.home"));
            Processes.environment(builder, environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("asadmin " + arguments[0] + " did not finish; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until readiness answers 200. */
    public void awaitReady(Duration timeout) {
        boolean ready = Processes.answers200(baseUri().resolve("/health/ready"), timeout);
        if (!ready) {
            throw new IllegalStateException(name + " not ready after " + timeout + "; see " + domains.resolve(DOMAIN + "/logs/server.log"));
        }
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public String log() {
        return Processes.read(domains.resolve(DOMAIN + "/logs/server.log"));
    }

    @Override
    public synchronized void stop() {
        Processes.stopByPidFile(domains.resolve(DOMAIN + "/config/pid"), name);
        Path serverLog = domains.resolve(DOMAIN + "/logs/server.log");
        try {
            if (Files.exists(serverLog)) {
                Files.copy(serverLog, log.resolveSibling(name + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println(name + ": cannot keep its log: " + e);
        }
        ServiceProcess.deleteTree(domains);
    }

    // --portbase takes a block of 100 ports from the base: admin +48, HTTP +80, HTTPS +81, and others
    private static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 100 * java.util.concurrent.ThreadLocalRandom.current().nextInt(300);
            boolean free = true;
            for (int offset = 0; offset < 100 && free; offset++) {
                try (java.net.ServerSocket socket = new java.net.ServerSocket(base + offset, 0, java.net.InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of 100 ports");
    }

    /** server-config/payara/system.properties, read as Payara Micro reads it. */
    private static Properties systemProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("server-config/payara/system.properties"))) {
            properties.load(reader);
        }
        return properties;
    }
}
