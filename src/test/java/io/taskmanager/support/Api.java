package io.taskmanager.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Real HTTP against the service under test, and the assertions every error shares. */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final java.util.regex.Pattern INSTANCE =
            java.util.regex.Pattern.compile("#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final URI base;

    private Api(URI base) {
        this.base = base;
    }

    /** The shared service of this test run. */
    public static Api service() {
        return new Api(TestEnvironment.service().baseUri());
    }

    public static Api at(URI base) {
        return new Api(base);
    }

    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object (status " + status + "): " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonObject error() {
            return json().getJsonObject("errors");
        }
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public Reply get(String path, String token) {
        return request("GET", path).bearer(token).send();
    }

    public Reply postJson(String path, String json) {
        return request("POST", path).json(json).send();
    }

    public final class Request {

        private final HttpRequest.Builder builder;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Request(String method, String path) {
            this.method = method;
            this.builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        }

        public Request json(String json) {
            builder.header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
            return this;
        }

        public Request body(String contentType, byte[] bytes) {
            builder.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        public Request bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        public Request header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        public Reply send() {
            try {
                HttpResponse<String> response = CLIENT.send(builder.method(method, body).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Asserts the one error envelope and returns its {@code errors} object. */
    public static JsonObject assertError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), () -> "status; body: " + reply.body());
        String contentType = reply.header("Content-Type").orElse("");
        assertTrue(contentType.startsWith("application/json"), () -> "content type " + contentType + "; body: " + reply.body());
        JsonObject error = reply.error();
        assertNotNull(error, () -> "no errors object: " + reply.body());
        assertEquals(code, error.getString("code"), reply::body);
        assertEquals(code.toLowerCase(java.util.Locale.ROOT), error.getString("type"), reply::body);
        assertEquals(status, error.getInt("status"), reply::body);
        assertTrue(!error.getString("message").isBlank(), reply::body);
        assertTrue(error.containsKey("reason") && error.containsKey("details"), reply::body);
        assertTrue(INSTANCE.matcher(error.getString("instance")).find(), () -> "instance " + error.getString("instance"));
        return error;
    }

    /** Asserts the same error as an RFC 9457 problem object (Accept asked for one) and returns it. */
    public static JsonObject assertProblem(Reply reply, int status, String code, String instancePrefix) {
        assertEquals(status, reply.status(), reply::body);
        assertTrue(reply.header("Content-Type").orElse("").startsWith("application/problem+json"), () -> reply.headers().map().toString());
        JsonObject problem = reply.json();
        assertEquals(code, problem.getString("code"), reply::body);
        assertEquals(code.toLowerCase(java.util.Locale.ROOT), problem.getString("type"), reply::body);
        assertEquals(status, problem.getInt("status"), reply::body);
        assertTrue(!problem.getString("title").isBlank() && problem.containsKey("detail") && problem.containsKey("details"), reply::body);
        assertTrue(problem.getString("instance").startsWith(instancePrefix), reply::body);
        assertTrue(!problem.containsKey("errors"), reply::body);
        return problem;
    }

    /** A fresh account that is unique in this run. */
    public record Account(String username, String email, String password) {

        public static Account fresh() {
            String suffix = Integer.toString(SEQUENCE.incrementAndGet(), 36)
                    + UUID.randomUUID().toString().substring(0, 6);
            return new Account("u" + suffix, "u" + suffix + "@example.com", "Tr0ub4dor&3-" + suffix);
        }

        public String signupJson() {
            return Json.createObjectBuilder().add("username", username).add("email", email).add("password", password)
                    .build().toString();
        }
    }

    public Reply signup(Account account) {
        return postJson("/api/auth/signup", account.signupJson());
    }

    public String login(Account account) {
        Reply reply = postJson("/api/auth/login", Json.createObjectBuilder()
                .add("username", account.username()).add("password", account.password()).build().toString());
        assertEquals(200, reply.status(), reply::body);
        return reply.json().getString("token");
    }

    /** A request with a bearer token and, when given, a JSON body. */
    public Reply send(String method, String path, String token, String json) {
        Request request = request(method, path).bearer(token);
        return json == null ? request.send() : request.json(json).send();
    }

    /** Creates a task and returns it as stored ({@code task} of the 201). */
    public JsonObject createTask(String token, String json) {
        Reply reply = send("POST", "/api/tasks", token, json);
        assertEquals(201, reply.status(), reply::body);
        return reply.json().getJsonObject("task");
    }

    /** The account id behind a token. */
    public long userId(String token) {
        Reply reply = get("/api/users/me", token);
        assertEquals(200, reply.status(), reply::body);
        return reply.json().getJsonNumber("id").longValue();
    }

    /** Signs up a fresh account and logs it in; returns its token. */
    public String freshToken() {
        Account account = Account.fresh();
        assertEquals(201, signup(account).status());
        return login(account);
    }
}
