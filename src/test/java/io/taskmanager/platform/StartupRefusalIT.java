package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start that would run insecurely or without a database refuses, with a one-line reason. */
class StartupRefusalIT {

    private static final String REFUSAL = "Task Manager refuses to start: ";

    @Test
    void theProdProfileRefusesTheDevelopmentKeyPair() {
        Map<String, String> environment = database();
        environment.put("MP_CONFIG_PROFILE", "prod");

        String reason = refusal("prod-with-dev-key", environment);

        assertTrue(reason.contains("development-only key pair"), reason);
    }

    @Test
    void theProdProfileRefusesToStartWithoutAMailServer() throws Exception {
        Map<String, String> environment = database();
        environment.putAll(productionKeys());
        environment.put("MP_CONFIG_PROFILE", "prod");
        environment.put("MAIL_SERVER", null);

        String reason = refusal("prod-without-mail", environment);

        assertTrue(reason.contains("the prod profile needs MAIL_SERVER"), reason);
    }

    /** A freshly generated key pair, as an operator would install it. */
    private static Map<String, String> productionKeys() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        java.nio.file.Path directory = java.nio.file.Files.createDirectories(
                java.nio.file.Path.of(System.getProperty("taskmanager.build.dir", "target"), "it-tmp", "prod-keys"));
        java.nio.file.Path signing = directory.resolve("signing.pem");
        java.nio.file.Path verification = directory.resolve("verification.pem");
        java.nio.file.Files.writeString(signing, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        java.nio.file.Files.writeString(verification, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return Map.of("TASKMANAGER_JWT_SIGNING_KEY_LOCATION", signing.toAbsolutePath().toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", verification.toAbsolutePath().toUri().toString());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void aStartWithoutDatabaseSettingsRefusesAndSaysWhichAreMissing() {
        Map<String, String> environment = new HashMap<>();
        for (String variable : new String[] {"DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD"}) {
            environment.put(variable, null);
        }
        environment.put("TASKMANAGER_DB_CONNECT_RETRIES", "0");

        String reason = refusal("no-database", environment);

        assertTrue(reason.contains("cannot migrate the database behind jdbc/taskmanager"), reason);
        assertTrue(reason.contains("DB_HOST is not set"), reason);
    }

    /** Starts the service, waits for the refusal and returns its line; the API must not be served. */
    private static String refusal(String name, Map<String, String> environment) {
        ServiceProcess service = ServiceProcess.start(name, environment);
        try {
            assertTrue(service.awaitLog(REFUSAL, Duration.ofMinutes(3)), () -> "no refusal in the log:\n" + service.log());
            assertTrue(service.awaitLog("ready in", Duration.ofMinutes(1)), "Payara did not finish booting");
            String line = service.log().lines().filter(l -> l.contains(REFUSAL)).findFirst().orElseThrow();
            Api api = Api.at(service.baseUri());
            assertEquals(404, api.postJson("/api/auth/login", "{}").status());
            assertNotEquals(200, api.get("/health/ready", null).status());
            return line.substring(line.indexOf(REFUSAL));
        } finally {
            service.stop();
        }
    }

    private static Map<String, String> database() {
        return new HashMap<>(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE));
    }
}
