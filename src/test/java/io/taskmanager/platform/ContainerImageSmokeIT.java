package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.IdentityProviderServer;
import io.taskmanager.support.RunningServer;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The smoke suite on Payara Micro started the way the Docker image starts it, without Docker:
 * tools/run-like-the-image.sh runs the Dockerfile's ENTRYPOINT and CMD with the files it copies
 * (the same WAR, pre-boot, post-boot and system-properties files and driver), and the
 * environment is the compose file's app environment, with the compose services' names and
 * secrets pointed at this run's PostgreSQL, SMTP server and secret file.
 */
class ContainerImageSmokeIT extends SmokeSuite {

    private static final String DATABASE = "taskmanager_image";

    private ServiceProcess image;

    @BeforeAll
    void startAsTheImageWould() throws IOException {
        TestEnvironment.createDatabase(DATABASE);
        Path secrets = Files.createDirectories(Path.of(System.getProperty("taskmanager.build.dir", "target"), "it-secrets"));
        Path dbPassword = Files.writeString(secrets.resolve("db-password"), "postgres\n");
        // the key pair as the README and compose make it: with openssl, through the shipped script
        Path keys = secrets.resolve("keys-" + java.util.UUID.randomUUID());
        Process making = new ProcessBuilder("bash", "tools/make-signing-keys.sh", keys.toString()).redirectErrorStream(true).start();
        String made = new String(making.getInputStream().readAllBytes());
        assertEquals(0, waitFor(making), made);

        Map<String, String> environment = new HashMap<>();
        // nothing inherited may stand in for what compose does not set
        ContainerFilesTest.applicationVariables().forEach(name -> environment.put(name, null));
        ContainerFilesTest.serverConfigVariables().forEach(name -> environment.put(name, null));
        composeEnvironment().forEach((name, value) -> environment.put(name, switch (name) {
            case "DB_HOST", "MAIL_SERVER" -> {
                assertTrue(List.of("db", "mail").contains(value), name + " names the compose service " + value);
                yield "127.0.0.1";
            }
            case "DB_PORT" -> String.valueOf(TestEnvironment.postgresPort());
            case "DB_NAME" -> DATABASE;
            case "DB_USER" -> "postgres";
            case "DB_PASSWORD_FILE" -> {
                assertEquals("/run/secrets/db-password", value);
                yield dbPassword.toAbsolutePath().toString();
            }
            case "MAIL_PORT" -> String.valueOf(TestEnvironment.mail().getSmtp().getPort());
            case "TASKMANAGER_JWT_SIGNING_KEY_LOCATION" -> {
                assertEquals("/run/secrets/jwt-signing-key", value);
                yield keys.resolve("signing-key.pem").toAbsolutePath().toString();
            }
            case "MP_JWT_VERIFY_PUBLICKEY_LOCATION" -> {
                assertEquals("file:/run/secrets/jwt-verification-key", value);
                yield keys.resolve("verification-key.pem").toAbsolutePath().toUri().toString();
            }
            // compose's Keycloak is reached on the container's loopback; here the test's provider is
            case "TASKMANAGER_OIDC_ISSUER" -> {
                assertEquals("http://localhost:8180/realms/task-manager", value);
                yield identityProvider.issuer();
            }
            case "TASKMANAGER_OIDC_AUDIENCE" -> {
                assertEquals(IdentityProviderServer.AUDIENCE, value);
                yield value;
            }
            case "TASKMANAGER_OIDC_ADMIN_GROUPS" -> {
                assertEquals(IdentityProviderServer.ADMIN_GROUP, value);
                yield value;
            }
            default -> value;
        }));
        // what a test run needs on top: higher auth and anonymous limits (the suite signs up and knocks often), an admin, a small heap
        environment.put("TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE", "1000000");
        environment.put("TASKMANAGER_RATELIMIT_ANONYMOUS_PER_MINUTE", "1000000");
        environment.put("TASKMANAGER_ADMIN_USERNAMES", ADMIN);
        Path javaTmp = Files.createDirectories(secrets.resolveSibling("it-tmp/image-java-tmp"));
        environment.put("JVM_ARGS", "-Xmx512m -Djava.io.tmpdir=" + javaTmp.toAbsolutePath());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        image = ServiceProcess.launch("image", environment,
                (port, root) -> List.of("bash", Path.of("tools/run-like-the-image.sh").toAbsolutePath().toString()));
        image.awaitReady(Duration.ofMinutes(3));
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    @AfterAll
    void stopIt() {
        if (image != null) {
            image.stop();
        }
    }

    @Override
    RunningServer server() {
        return image;
    }

    @Test
    void theImageDeploysTheSameWarAsEveryOtherRuntime() throws IOException {
        Path deployed = Path.of(System.getProperty("taskmanager.build.dir", "target"), "image-fs/opt/payara/deployments/ROOT.war");
        assertEquals(-1, Files.mismatch(deployed, WAR), "ROOT.war differs from " + WAR);
    }

    @Test
    void theImageStartsWithTheShippedTuning() {
        String commandLine = ProcessHandle.of(image.pid()).flatMap(process -> process.info().commandLine()).orElseThrow();
        Path config = Path.of(System.getProperty("taskmanager.build.dir", "target")).resolve("image-fs/opt/payara/config").toAbsolutePath();
        for (String option : List.of("--prebootcommandfile " + config.resolve("pre-boot-commands.asadmin"),
                "--systemProperties " + config.resolve("system.properties"))) {
            assertTrue(commandLine.contains(option), "the image's command lacks " + option + ": " + commandLine);
        }
        // the tests name the shipped pre-boot file again with a loopback listener added; Payara echoes what it applies
        assertTrue(image.log().contains("http-thread-pool.max-thread-pool-size=72"), "the pre-boot settings were not applied");
    }

    @Test
    void theImagesHealthCheckPassesOnlyWhileTheServiceIsReady() throws Exception {
        assertEquals(0, healthCheck(image.baseUri().getPort()), "healthcheck.sh against the running service");
        assertEquals(1, healthCheck(ServiceProcess.freePort()), "healthcheck.sh where nothing listens");
    }

    private static int healthCheck(int port) throws IOException, InterruptedException {
        Process check = new ProcessBuilder("bash", "server-config/docker/healthcheck.sh", String.valueOf(port))
                .redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS), "healthcheck.sh did not finish");
        return check.exitValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yaml")));
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("app");
        Map<String, String> environment = new HashMap<>();
        ((Map<String, Object>) app.get("environment")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }
}
