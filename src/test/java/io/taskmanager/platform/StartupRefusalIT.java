package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Production is the default: a start that would run with the committed keys, without keys,
 * without a database or without a mail sender ends its process with status 78 and one log
 * line that names what to set. A good start says it is ready only once its API answers. The
 * starts run side by side, each a real microbundle process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupRefusalIT {

    private static final String REFUSAL = "Task Manager refuses to start: ";
    /** The status StartupChecks exits with. */
    private static final int REFUSED = 78;
    /** Boot, deploy and refuse: about 160 s for the nine starts side by side on two cores, 340 s on a busy machine. */
    private static final Duration DEADLINE = Duration.ofMinutes(7);

    private final Map<String, ServiceProcess> starts = new ConcurrentHashMap<>();
    /** What the API answered right after the readiness start first said UP. */
    private final CompletableFuture<List<String>> firstAnswers = new CompletableFuture<>();

    /** Every variable a start could inherit from this JVM's environment, unset. */
    private static Map<String, String> nothingInherited() {
        Map<String, String> environment = new HashMap<>();
        for (String variable : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "MAIL_SERVER", "MAIL_PORT",
                "MAIL_SENDER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "TASKMANAGER_MODE",
                "TASKMANAGER_JWT_SIGNING_KEY_LOCATION", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_PUBLICKEY",
                "TASKMANAGER_ADMIN_USERNAMES")) {
            environment.put(variable, null);
        }
        return environment;
    }

    /** A start as an operator would configure it (database, keys, mail), changed by {@code changes}. */
    private static Map<String, String> configured(Map<String, String> changes) {
        Map<String, String> environment = nothingInherited();
        environment.putAll(TestEnvironment.productionEnvironment(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE)));
        environment.putAll(changes);
        return environment;
    }

    private static Map<String, String> unset(String... variables) {
        Map<String, String> changes = new HashMap<>();
        for (String variable : variables) {
            changes.put(variable, null);
        }
        return changes;
    }

    @BeforeAll
    void startThemAll() {
        Map<String, String> bare = nothingInherited();
        bare.putAll(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE));
        starts.put("bare", ServiceProcess.start("refusal-bare", bare));
        starts.put("dev-key", ServiceProcess.start("refusal-dev-key", configured(Map.of(
                "TASKMANAGER_JWT_SIGNING_KEY_LOCATION", "classpath:META-INF/jwt/development-only-signing-key.pem",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "META-INF/jwt/development-only-verification-key.pem"))));
        starts.put("no-mail", ServiceProcess.start("refusal-no-mail", configured(unset("MAIL_SERVER", "MAIL_PORT", "MAIL_SENDER"))));
        Map<String, String> noDatabase = unset("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");
        noDatabase.put("TASKMANAGER_DB_CONNECT_RETRIES", "0");
        starts.put("no-database", ServiceProcess.start("refusal-no-database", configured(noDatabase)));
        starts.put("unknown-mode", ServiceProcess.start("refusal-unknown-mode", configured(Map.of("TASKMANAGER_MODE", "production"))));
        starts.put("bad-admin", ServiceProcess.start("refusal-bad-admin", configured(Map.of("TASKMANAGER_ADMIN_USERNAMES", "alice, not a name"))));
        starts.put("half-sso", ServiceProcess.start("refusal-half-sso", configured(Map.of(
                "TASKMANAGER_OIDC_ISSUER", "https://sso.example.com/realms/corp", "TASKMANAGER_OIDC_LOCAL_LOGIN", "false"))));
        Map<String, String> development = nothingInherited();
        development.putAll(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE));
        development.put("TASKMANAGER_MODE", "dev");
        starts.put("dev", ServiceProcess.start("development-mode", development));
        ServiceProcess readiness = ServiceProcess.start("readiness", configured(Map.of()));
        starts.put("readiness", readiness);
        Thread watcher = new Thread(() -> watchReadiness(readiness), "readiness-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Asks /health/ready every 10 ms (a load balancer's probe, only faster) and, the moment it
     * first says UP, sends the API a burst of requests, as the balancer would.
     */
    private void watchReadiness(ServiceProcess service) {
        // HTTP/1.1, as in Processes.answers200: a timed-out poll must not leave a wedged h2c connection behind
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(DEADLINE);
        String lastSeen = "nothing yet";
        try {
            while (Instant.now().isBefore(deadline) && service.isAlive()) {
                HttpResponse<String> ready;
                try {
                    ready = client.send(HttpRequest.newBuilder(service.baseUri().resolve("/health/ready"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    // the listener is not up yet, or too busy booting to answer in time
                    lastSeen = Instant.now() + " " + notYet;
                    Thread.sleep(10);
                    continue;
                }
                lastSeen = Instant.now() + " " + ready.statusCode() + " " + ready.body();
                if (ready.statusCode() == 200) {
                    firstAnswers.complete(burst(client, service));
                    return;
                }
                Thread.sleep(10);
            }
            firstAnswers.completeExceptionally(new AssertionError("never ready (alive: " + service.isAlive() + ", last seen: "
                    + lastSeen + "):\n" + service.log()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            firstAnswers.completeExceptionally(e);
        } catch (java.io.IOException | RuntimeException e) {
            firstAnswers.completeExceptionally(new AssertionError("the API did not answer right after readiness: " + e, e));
        }
    }

    /** Ten API requests, one after another, answered as they come: an unanswered one fails the test. */
    private static List<String> burst(HttpClient client, ServiceProcess service) throws java.io.IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(service.baseUri().resolve("/api/tasks"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            answers.add(answer.statusCode() + " " + answer.headers().firstValue("Content-Type").orElse("-"));
        }
        return answers;
    }

    @AfterAll
    void stopThemAll() {
        starts.values().forEach(ServiceProcess::stop);
    }

    /** Waits for the start to end; asserts the status and a single refusal line, and returns its reason. */
    private String refusal(String name) {
        ServiceProcess start = starts.get(name);
        OptionalInt status = start.awaitExit(DEADLINE);
        assertTrue(status.isPresent(), () -> name + ": still running after " + DEADLINE + "\n" + start.log());
        assertEquals(REFUSED, status.getAsInt(), start::log);
        List<String> lines = start.log().lines().filter(line -> line.contains(REFUSAL)).toList();
        assertEquals(1, lines.size(), () -> name + ": one refusal line expected\n" + start.log());
        String line = lines.get(0);
        return line.substring(line.indexOf(REFUSAL) + REFUSAL.length());
    }

    @Test
    void aBareStartWithoutKeysExitsAndNamesTheKeySettings() {
        String reason = refusal("bare");
        assertTrue(reason.startsWith("no JWT signing key: set TASKMANAGER_JWT_SIGNING_KEY_LOCATION"), reason);
        assertTrue(reason.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), reason);
    }

    @Test
    void theCommittedDevelopmentKeyPairIsRefusedOutsideDevelopmentMode() {
        String reason = refusal("dev-key");
        assertTrue(reason.startsWith("the development-only JWT key pair is refused outside development mode"), reason);
    }

    @Test
    void aStartWithoutAMailSenderExits() {
        String reason = refusal("no-mail");
        assertTrue(reason.startsWith("no mail sender: set MAIL_SERVER, MAIL_PORT and MAIL_SENDER"), reason);
    }

    @Test
    void aStartWithoutDatabaseSettingsExitsAndSaysWhichAreMissing() {
        String reason = refusal("no-database");
        assertTrue(reason.startsWith("cannot migrate the database behind jdbc/taskmanager"), reason);
        assertTrue(reason.contains("DB_HOST is not set"), reason);
    }

    @Test
    void anUnknownModeIsNoDevelopmentMode() {
        String reason = refusal("unknown-mode");
        assertTrue(reason.startsWith("taskmanager.mode (env TASKMANAGER_MODE) must be prod or dev, not 'production'"), reason);
    }

    @Test
    void anAdministratorListThatNamesNoPossibleAccountExits() {
        String reason = refusal("bad-admin");
        assertTrue(reason.contains("TASKMANAGER_ADMIN_USERNAMES") && reason.contains("'not a name'"), reason);
    }

    @Test
    void singleSignOnWithoutAnAudienceExitsRatherThanTakeAnyAudience() {
        String reason = refusal("half-sso");
        assertTrue(reason.contains("TASKMANAGER_OIDC_AUDIENCE"), reason);
    }

    @Test
    void readinessSaysUpOnlyOnceTheApiAnswers() throws Exception {
        List<String> answers = firstAnswers.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
        for (String answer : answers) {
            assertTrue(answer.startsWith("401 application/json"), () -> "right after readiness: " + answers);
        }
    }

    @Test
    void developmentModeRunsWithoutKeysOrMailAndWritesMailsToTheLog() {
        ServiceProcess development = starts.get("dev");
        development.awaitReady(DEADLINE);
        Api api = Api.at(development.baseUri());
        Api.Account account = Api.Account.fresh();
        assertEquals(201, api.signup(account).status());
        assertEquals(200, api.get("/api/users/me", api.login(account)).status());
        assertEquals(200, api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}").status());
        assertTrue(development.awaitLog("mail not sent (MAIL_SERVER is not set) purpose=password-reset-code to=" + account.email(),
                Duration.ofSeconds(30)), development::log);
    }
}
