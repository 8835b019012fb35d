package io.taskmanager.platform;

import static io.taskmanager.support.Api.assertError;
import static io.taskmanager.support.Api.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.IdentityProviderServer;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Metrics;
import io.taskmanager.support.OpenApiDocument;
import io.taskmanager.support.RunningServer;
import io.taskmanager.support.ServiceProcess.Poll;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The one HTTP smoke suite every runtime must pass with the same WAR: Payara Micro (as the
 * Docker image runs it), WildFly and Payara Server. It touches each layer a server can get
 * wrong: JSON-B naming, MP JWT and role checks, JPA on the server's datasource, Flyway, the
 * error envelope, the mail session and executor, and MicroProfile Health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SmokeSuite {

    /**
     * Listed in TASKMANAGER_ADMIN_USERNAMES of every server this suite runs on, but signed up
     * only after the start: the listing grants accounts that existed when it was first seen.
     */
    static final String ADMIN = "smokeadmin";

    /** The WAR every runtime deploys, byte for byte. */
    static final Path WAR = Path.of(System.getProperty("taskmanager.build.dir", "target"), "task-manager.war");

    private static final Pattern HIBERNATE_JAR =
            Pattern.compile("WEB-INF/lib/hibernate-core-(.+)\\.jar");
    private static final Pattern HIBERNATE_STARTED =
            Pattern.compile("HHH000412: Hibernate ORM core version ([\\w.-]+)");

    /**
     * The organisation's identity provider every runtime is configured with
     * ({@link IdentityProviderServer#environment()}); started before the subclass starts its server.
     */
    IdentityProviderServer identityProvider;

    abstract RunningServer server();

    @BeforeAll
    void startTheIdentityProvider() {
        identityProvider = IdentityProviderServer.start();
    }

    @AfterAll
    void stopTheIdentityProvider() {
        if (identityProvider != null) {
            identityProvider.close();
        }
    }

    private Api api() {
        return Api.at(server().baseUri());
    }

    @Test
    void theIdentityProvidersTokenOpensTheApiToANewAccountAndItsGroupMakesAnAdministrator() {
        Api api = api();
        String name = "smokesso" + System.nanoTime() % 100_000;
        String email = name + "@corp.example";
        String token = identityProvider.token(UUID.randomUUID().toString(), Map.of(
                "preferred_username", name, "email", email, "email_verified", true,
                "groups", List.of(IdentityProviderServer.ADMIN_GROUP)));

        Reply me = api.get("/api/users/me", token);
        assertEquals(200, me.status(), me::body);
        assertEquals(name, me.json().getString("username"));
        assertEquals(email, me.json().getString("email"));
        long id = me.json().getJsonNumber("id").longValue();
        Reply created = api.request("POST", "/api/tasks").bearer(token).json("{\"title\":\"signed on\"}").send();
        assertEquals(201, created.status(), created::body);
        Reply bans = api.get("/api/admin/bans", token);
        assertEquals(200, bans.status(), bans::body);
        assertError(api.get("/api/users/me", identityProvider.token(IdentityProviderServer.TENANT, "someone",
                "another-client", Map.of(), 3600)), 401, "UNAUTHORIZED");
        // the account has no password, and a reset must not give it one: the same answer, no code
        assertEquals(200, api.postJson("/api/auth/forget-password", "{\"email\":\"" + email + "\"}").status());
        assertTrue(Poll.until(Duration.ofSeconds(30), () -> server().log()
                .contains("password reset requested for an account without a password user_id=" + id)), "no reset for user " + id);
    }

    @Test
    void readinessIsUpAndChecksTheDatabase() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server().healthUri().resolve("/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        JsonObject health = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals("UP", health.getString("status"), response::body);
        assertTrue(health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .anyMatch(check -> check.getString("name").equals("database") && check.getString("status").equals("UP")), response::body);
    }

    @Test
    void signupLoginAndTheCurrentUserInSnakeCase() {
        Api api = api();
        Account account = Account.fresh();
        Reply signup = api.signup(account);
        assertEquals(201, signup.status(), signup::body);
        assertTrue(signup.header("Location").orElseThrow().endsWith("/api/users/me"), signup.headers()::toString);

        Reply login = api.postJson("/api/auth/login", Json.createObjectBuilder()
                .add("username", account.username()).add("password", account.password()).build().toString());
        assertEquals(200, login.status(), login::body);
        assertEquals("Bearer", login.json().getString("token_type"));
        String token = login.json().getString("token");

        Reply me = api.get("/api/users/me", token);
        assertEquals(200, me.status(), me::body);
        assertEquals(account.username(), me.json().getString("username"));
        assertEquals(account.email(), me.json().getString("email"));
        // JSON-B with the project's naming; a server that swapped in Jackson would answer createdAt
        assertTrue(me.json().containsKey("created_at"), me::body);
        assertFalse(me.json().containsKey("createdAt"), me::body);

        assertError(api.postJson("/api/auth/login", Json.createObjectBuilder()
                .add("username", account.username()).add("password", "wrong-" + account.password()).build().toString()),
                401, "INVALID_CREDENTIALS");
    }

    /** The listener lets a DELETE carry a body (Payara needs a setting for it, server-config/), and refresh rotates. */
    @Test
    void aSessionRefreshesAndAnAccountDeletesItselfWithItsPasswordInTheBody() {
        Api api = api();
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        Reply login = api.postJson("/api/auth/login", Json.createObjectBuilder()
                .add("username", account.username()).add("password", account.password()).build().toString());
        Reply refreshed = api.postJson("/api/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", login.json().getString("refresh_token")).build().toString());
        assertEquals(200, refreshed.status(), refreshed::body);
        String token = refreshed.json().getString("token");

        Reply deleted = api.send("DELETE", "/api/users/me", token,
                Json.createObjectBuilder().add("password", account.password()).build().toString());

        assertEquals(204, deleted.status(), deleted::body);
        assertError(api.get("/api/users/me", token), 401, "UNAUTHORIZED");
    }

    @Test
    void aTaskLivesThroughCreateListGetPatchAndDelete() {
        Api api = api();
        String token = api.freshToken();

        Reply created = api.send("POST", "/api/tasks", token,
                "{\"title\": \"Smoke\", \"description\": \"on every runtime\", \"priority\": \"high\", \"due_date\": \"2030-01-02T03:04:05Z\"}");
        assertEquals(201, created.status(), created::body);
        long id = created.json().getJsonNumber("task_id").longValue();
        assertTrue(created.header("Location").orElseThrow().endsWith("/api/tasks/" + id), created.headers()::toString);
        assertEquals("\"0\"", created.header("ETag").orElseThrow());

        Reply list = api.get("/api/tasks?limit=10", token);
        assertEquals(200, list.status(), list::body);
        assertEquals(List.of(id), list.json().getJsonArray("data").stream()
                .map(task -> task.asJsonObject().getJsonNumber("id").longValue()).toList(), list::body);

        Reply read = api.get("/api/tasks/" + id, token);
        assertEquals(200, read.status(), read::body);
        assertEquals("Smoke", read.json().getString("title"));
        assertEquals("high", read.json().getString("priority"));
        assertEquals("2030-01-02T03:04:05Z", read.json().getString("due_date"));

        Reply patched = api.request("PATCH", "/api/tasks/" + id).bearer(token).header("If-Match", "\"0\"")
                .json("{\"completion\": true}").send();
        assertEquals(200, patched.status(), patched::body);
        assertEquals("\"1\"", patched.header("ETag").orElseThrow());
        assertTrue(patched.json().getJsonObject("task").getBoolean("completion"), patched::body);
        assertTrue(api.get("/api/tasks/" + id, token).json().getBoolean("completion"));

        Reply stale = api.request("PATCH", "/api/tasks/" + id).bearer(token).header("If-Match", "\"0\"")
                .json("{\"title\": \"lost update\"}").send();
        assertError(stale, 412, "PRECONDITION_FAILED");

        Reply deleted = api.send("DELETE", "/api/tasks/" + id, token, null);
        assertEquals(200, deleted.status(), deleted::body);
        assertEquals("Task with id " + id + " deleted", deleted.json().getString("message"));
        assertError(api.get("/api/tasks/" + id, token), 404, "NOT_FOUND");
    }

    /** The application checks the roles itself on every runtime: this fails if an anonymous call gets through anywhere. */
    @Test
    void everyProtectedRouteRefusesAnAnonymousCaller() {
        Api api = api();
        String owner = api.freshToken();
        long id = api.createTask(owner, "{\"title\": \"private\"}").getJsonNumber("id").longValue();
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/tasks"},
                new String[] {"POST", "/api/tasks"},
                new String[] {"GET", "/api/tasks/" + id},
                new String[] {"PATCH", "/api/tasks/" + id},
                new String[] {"PUT", "/api/tasks/" + id},
                new String[] {"DELETE", "/api/tasks/" + id},
                new String[] {"GET", "/api/users/me"},
                new String[] {"POST", "/api/auth/logout"},
                new String[] {"GET", "/api/admin/bans"});
        for (String[] route : routes) {
            Api.Request request = api.request(route[0], route[1]);
            Reply reply = route[0].startsWith("P") ? request.json("{\"title\": \"anonymous\"}").send() : request.send();
            assertNotEquals(200, reply.status(), () -> route[0] + " " + route[1] + " answered an anonymous caller: " + reply.body());
            assertError(reply, 401, "UNAUTHORIZED");
            assertEquals("Bearer", reply.header("WWW-Authenticate").orElse(""), route[1]);
        }
        // a token whose signature does not verify is no better than none
        String forged = owner.substring(0, owner.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        assertError(api.get("/api/tasks", forged), 401, "UNAUTHORIZED");
        Reply stillThere = api.get("/api/tasks/" + id, owner);
        assertEquals(200, stillThere.status(), stillThere::body);
        assertEquals("private", stillThere.json().getString("title"));
    }

    @Test
    void anotherUsersTaskIsNotFoundAndStaysUnchanged() {
        Api api = api();
        String alice = api.freshToken();
        String bob = api.freshToken();
        long id = api.createTask(alice, "{\"title\": \"alice's\"}").getJsonNumber("id").longValue();

        assertError(api.get("/api/tasks/" + id, bob), 404, "NOT_FOUND");
        assertError(api.send("PATCH", "/api/tasks/" + id, bob, "{\"title\": \"bob's now\"}"), 404, "NOT_FOUND");
        assertError(api.send("DELETE", "/api/tasks/" + id, bob, null), 404, "NOT_FOUND");
        assertEquals(0, api.get("/api/tasks", bob).json().getJsonArray("data").size());

        Reply mine = api.get("/api/tasks/" + id, alice);
        assertEquals(200, mine.status(), mine::body);
        assertEquals("alice's", mine.json().getString("title"));
    }

    @Test
    void adminRoutesAreForAdminsOnly() {
        Api api = api();
        assertError(api.get("/api/admin/bans", api.freshToken()), 403, "FORBIDDEN");
        assertError(api.get("/api/admin/bans", null), 401, "UNAUTHORIZED");

        // a listed name registered after the start: its owner is no administrator
        Account squatter = new Account(ADMIN, ADMIN + "@example.com", "Smoke-admin-password-1");
        Reply signup = api.signup(squatter);
        assertTrue(signup.status() == 201 || signup.status() == 409, signup::body);
        assertError(api.get("/api/admin/bans", api.login(squatter)), 403, "FORBIDDEN");
    }

    @Test
    void badInputGetsTheErrorEnvelopeNeverHtml() {
        Api api = api();
        JsonObject invalid = assertError(api.postJson("/api/auth/signup", "{\"username\": \"a\", \"x\": 1}"), 400, "BAD_REQUEST");
        assertTrue(invalid.getJsonObject("details").containsKey("username"), invalid::toString);
        assertTrue(invalid.getJsonObject("details").containsKey("password"), invalid::toString);

        assertError(api.postJson("/api/auth/signup", "{\"username\": "), 400, "BAD_REQUEST");
        String token = api.freshToken();
        assertError(api.send("POST", "/api/tasks", token, "{\"title\": 42}"), 400, "BAD_REQUEST");
        assertError(api.get("/api/tasks?limit=0", token), 400, "BAD_REQUEST");
        assertError(api.get("/api/no-such-route", null), 404, "NOT_FOUND");
        // outside JAX-RS the server's own error page would answer: the WAR's error page keeps the envelope
        assertError(api.get("/no-such-page.html", null), 404, "NOT_FOUND");
        assertError(api.send("DELETE", "/api/auth/login", null, null), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aClientThatAsksForProblemJsonGetsProblemObjects() {
        Api api = api();
        // as a client that takes both: JAX-RS would refuse a success-only-JSON route with 406 otherwise
        String accept = "application/json, application/problem+json";
        assertProblem(api.request("POST", "/api/auth/signup").header("Accept", accept).json("{\"username\": \"a\"}").send(),
                400, "BAD_REQUEST", "/api/auth/signup#");
        assertProblem(api.request("GET", "/no-such-page.html").header("Accept", accept).send(), 404, "NOT_FOUND", "/no-such-page.html#");
        assertProblem(api.request("GET", "/api/users/me").header("Accept", accept).send(), 401, "UNAUTHORIZED", "/api/users/me#");
    }

    /** API.md's edges, which each server could get wrong in its own way (issue 16, item 6). */
    @Test
    void theContractsEdgesHoldHereToo() {
        Api api = api();
        String token = api.freshToken();
        // nosniff and no banner on every layer's answers, health included (WildFly: the management port)
        io.taskmanager.support.HardenedHeaders.assertOnEveryKindOfAnswer(server().baseUri(), server().healthUri(), token);
        // problem+json alone: the real error as a problem, a success as JSON, never a 406
        String problemOnly = "application/problem+json";
        assertProblem(api.request("POST", "/api/auth/signup").header("Accept", problemOnly).json("{\"username\": \"a\"}").send(),
                400, "BAD_REQUEST", "/api/auth/signup#");
        assertProblem(api.request("GET", "/api/users/me").header("Accept", problemOnly).send(), 401, "UNAUTHORIZED", "/api/users/me#");
        assertProblem(api.request("GET", "/api/tasks/987654321").bearer(token).header("Accept", problemOnly).send(),
                404, "NOT_FOUND", "/api/tasks/987654321#");
        assertEquals(200, api.request("GET", "/api/tasks").bearer(token).header("Accept", problemOnly).send().status());
        // the body is one JSON value and nothing after it, without duplicate keys, whichever JSON-P the server ships
        String writer = api.freshToken();
        assertError(api.send("POST", "/api/tasks", writer, "{\"title\": \"x\"} trailing"), 400, "BAD_REQUEST");
        assertError(api.send("POST", "/api/tasks", writer, "{\"title\": \"x\", \"title\": \"y\"}"), 400, "BAD_REQUEST");
        assertEquals(0, api.get("/api/tasks", writer).json().getJsonArray("data").size());
        // escaped dot-segments climb nowhere
        io.taskmanager.support.RawHttp.Answer climb = io.taskmanager.support.RawHttp.exchange(server().baseUri(),
                ("GET /api/%2e%2e/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), false, Duration.ofSeconds(30));
        assertEquals(400, climb.status(), climb::text);
        assertTrue(climb.text().contains("\"BAD_REQUEST\""), climb::text);
        // year 10000 in UTC is refused, never stored as +10000-…
        assertTrue(assertError(api.send("POST", "/api/tasks", token, "{\"title\": \"x\", \"due_date\": \"9999-12-31T23:59:59-18:00\"}"),
                400, "BAD_REQUEST").getJsonObject("details").containsKey("due_date"));
    }

    /** Each server serves the document the WAR was built with, not one of its own making. */
    @Test
    void theOpenApiDocumentHasEveryRouteAndNothingDangling() {
        OpenApiDocument document = OpenApiDocument.of(api());

        assertEquals(OpenApiDocument.declaredRoutes(), new java.util.TreeSet<>(document.operations().keySet()));
        assertEquals(List.of(), document.danglingReferences());
        assertEquals(java.util.Set.of(), document.unusedComponents());
    }

    /** The request metrics and the request log come from the WAR itself, so every server has the same ones. */
    @Test
    void metricsAndTheRequestLogSeeEveryRequest() {
        Api api = api();
        String token = api.freshToken();
        long userId = api.userId(token);
        Metrics before = Metrics.scrape(api);

        String instance = assertError(api.get("/api/tasks/987654321", token), 404, "NOT_FOUND").getString("instance");
        assertError(api.request("GET", "/api/tasks").header("Authorization", "Bearer not.a.token").send(), 401, "UNAUTHORIZED");

        Metrics after = Metrics.scrape(api);
        assertEquals(1, after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/tasks/{id}\",status=\"404\"}"), after::text);
        assertEquals(1, after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/tasks\",status=\"401\"}"), after::text);
        assertEquals(1, after.value("taskmanager_database_reachable"), after::text);
        String line = "method=GET route=/api/tasks/{id} status=404 ";
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> server().log().lines()
                        .anyMatch(l -> l.contains(line) && l.contains(" user=" + userId + " ") && l.contains("instance=" + instance))),
                "no request log line for " + instance);
    }

    /** WildFly ships its own Hibernate ORM; the WAR's copy must be the one in use everywhere. */
    @Test
    void theJpaProviderIsTheHibernatePackedInTheWar() throws IOException {
        String packed;
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            packed = war.stream().map(entry -> HIBERNATE_JAR.matcher(entry.getName()))
                    .filter(Matcher::matches).map(jar -> jar.group(1)).findFirst().orElseThrow();
        }
        Matcher started = HIBERNATE_STARTED.matcher(server().log());
        int count = 0;
        for (; started.find(); count++) {
            assertEquals(packed, started.group(1), "a Hibernate other than the WAR's started");
        }
        assertTrue(count > 0, "no Hibernate ORM started (HHH000412) in the server's log");
    }

    /** The server's mail session and managed executor carry a reset code to a real SMTP server. */
    @Test
    void aResetCodeArrivesByMailAndVerifies() {
        Api api = api();
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        Reply requested = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}");
        assertEquals(200, requested.status(), requested::body);

        Mailbox.Delivered mail = new Mailbox(account.email()).await(1);
        assertEquals("Your Task Manager password reset code", mail.subject());
        Reply verified = api.send("POST", "/api/auth/verify-otp", requested.json().getString("otp-token"),
                Json.createObjectBuilder().add("email", account.email()).add("otp", mail.code()).build().toString());
        assertEquals(200, verified.status(), verified::body);
        assertTrue(verified.json().containsKey("reset-token"), verified::body);
        assertFalse(Pattern.compile("\\b" + mail.code() + "\\b").matcher(server().log()).find(),
                "the code reached the server's log");
    }
}
