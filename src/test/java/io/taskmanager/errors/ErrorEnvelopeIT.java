package io.taskmanager.errors;

import static io.taskmanager.support.Api.assertError;
import static io.taskmanager.support.Api.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.HardenedHeaders;
import io.taskmanager.support.RawHttp;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorEnvelopeIT {

    private final Api api = Api.service();

    @Test
    void anUnknownApiRouteIs404() {
        JsonObject error = assertError(api.get("/api/nothing/here", null), 404, "NOT_FOUND");
        assertTrue(error.getString("instance").startsWith("/api/nothing/here#"), error::toString);
    }

    @Test
    void anUnknownPathOutsideTheApiIs404InTheEnvelopeToo() {
        JsonObject error = assertError(api.get("/no-such-page.html", null), 404, "NOT_FOUND");
        assertTrue(error.getString("instance").startsWith("/no-such-page.html#"), error::toString);
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Reply reply = api.request("DELETE", "/api/auth/login").send();
        assertError(reply, 405, "METHOD_NOT_ALLOWED");
        assertTrue(reply.header("Allow").orElse("").contains("POST"), () -> reply.headers().map().toString());
    }

    @Test
    void anUnacceptableMediaTypeIs406() {
        Reply reply = api.request("POST", "/api/auth/login").json("{}").header("Accept", "text/html").send();
        assertEquals(406, reply.status(), reply::body);
        assertEquals("NOT_ACCEPTABLE", reply.error().getString("code"));
    }

    @Test
    void everyInstanceIdIsFresh() {
        String first = assertError(api.get("/api/nothing", null), 404, "NOT_FOUND").getString("instance");
        String second = assertError(api.get("/api/nothing", null), 404, "NOT_FOUND").getString("instance");
        assertTrue(!first.equals(second));
    }

    @Test
    void methodsNoRouteAnswersAre405OnEveryPathAndTraceEchoesNothing() {
        String token = api.freshToken();
        for (String method : new String[] {"TRACE", "PROPFIND", "FOO"}) {
            for (String path : new String[] {"/api/tasks", "/health/ready", "/no-such-page"}) {
                Reply reply = api.request(method, path).bearer(token).send();
                assertError(reply, 405, "METHOD_NOT_ALLOWED");
                assertTrue(reply.header("Allow").orElse("").contains("GET"), () -> method + " " + path + ": " + reply.headers().map());
                assertTrue(!reply.body().contains(token), () -> method + " echoed the token");
            }
        }
    }

    @Test
    void aMethodTheServletDoesNotImplementIs405OnHealthAnd404WhereNothingIs() {
        assertError(api.request("PATCH", "/health/ready").send(), 405, "METHOD_NOT_ALLOWED");
        assertError(api.request("PATCH", "/API/TASKS/1").send(), 404, "NOT_FOUND");
    }

    @Test
    void optionsAnswersAllowWithoutAWadlDocument() {
        Reply reply = api.request("OPTIONS", "/api/tasks").send();
        assertEquals(200, reply.status(), reply::body);
        assertTrue(reply.header("Allow").orElse("").contains("POST"), () -> reply.headers().map().toString());
        assertTrue(!reply.header("Content-Type").orElse("").contains("wadl") && !reply.body().contains("<"), reply::body);
    }

    @Test
    void jsonNestedDeeperThanThousandLevelsIs400() {
        String deep = "{\"username\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        JsonObject error = assertError(api.postJson("/api/auth/login", deep), 400, "BAD_REQUEST");
        assertTrue(error.getString("reason").contains("1000 levels"), error::toString);
    }

    @Test
    void aJsonRouteSentNoBodyAtAllIs400() {
        for (String path : new String[] {"/api/auth/signup", "/api/auth/login", "/api/auth/forget-password"}) {
            assertError(api.request("POST", path).send(), 400, "BAD_REQUEST");
        }
    }

    @Test
    void aClientThatAsksForProblemJsonGetsTheSameErrorAsAProblemObject() {
        String accept = "application/json, application/problem+json";
        // JAX-RS (a validation error with details), the servlet error page, the method filter, the token check
        Reply invalid = api.request("POST", "/api/auth/signup").header("Accept", accept).json("{\"username\": \"a\"}").send();
        JsonObject problem = assertProblem(invalid, 400, "BAD_REQUEST", "/api/auth/signup#");
        assertTrue(problem.getJsonObject("details").containsKey("username"), problem::toString);
        assertEquals("Invalid input", problem.getString("title"));
        assertProblem(api.request("GET", "/no-such-page").header("Accept", accept).send(), 404, "NOT_FOUND", "/no-such-page#");
        assertProblem(api.request("PROPFIND", "/api/tasks").header("Accept", accept).send(), 405, "METHOD_NOT_ALLOWED", "/api/tasks#");
        Reply anonymous = api.request("GET", "/api/users/me").header("Accept", accept).send();
        assertProblem(anonymous, 401, "UNAUTHORIZED", "/api/users/me#");
        assertEquals("Bearer", anonymous.header("WWW-Authenticate").orElse(""));

        // JSON ranked higher keeps the envelope
        assertError(api.request("GET", "/api/nothing").header("Accept", "application/problem+json;q=0.5, application/json").send(),
                404, "NOT_FOUND");
    }

    /** API.md: problem+json as the only type accepted still gets the real error, never a 406 in its place. */
    @Test
    void aClientThatTakesProblemJsonAloneGetsTheRealErrorAsAProblemNeverA406() {
        String problemOnly = "application/problem+json";
        String token = api.freshToken();
        Reply invalid = api.request("POST", "/api/auth/signup").header("Accept", problemOnly).json("{\"username\": \"a\"}").send();
        assertTrue(assertProblem(invalid, 400, "BAD_REQUEST", "/api/auth/signup#").getJsonObject("details").containsKey("username"),
                invalid::body);
        assertProblem(api.request("POST", "/api/tasks").bearer(token).header("Accept", problemOnly).json("{\"title\": 5}").send(),
                400, "BAD_REQUEST", "/api/tasks#");
        Reply anonymous = api.request("GET", "/api/users/me").header("Accept", problemOnly).send();
        assertProblem(anonymous, 401, "UNAUTHORIZED", "/api/users/me#");
        assertEquals("Bearer", anonymous.header("WWW-Authenticate").orElse(""));
        assertProblem(api.request("GET", "/api/tasks/987654321").bearer(token).header("Accept", problemOnly).send(),
                404, "NOT_FOUND", "/api/tasks/987654321#");
        assertProblem(api.request("GET", "/api/nothing").header("Accept", problemOnly).send(), 404, "NOT_FOUND", "/api/nothing#");
        assertProblem(api.request("GET", "/no-such-page").header("Accept", problemOnly).send(), 404, "NOT_FOUND", "/no-such-page#");
        Reply wrongMethod = api.request("DELETE", "/api/auth/login").header("Accept", problemOnly).send();
        assertProblem(wrongMethod, 405, "METHOD_NOT_ALLOWED", "/api/auth/login#");
        assertTrue(wrongMethod.header("Allow").orElse("").contains("POST"), () -> wrongMethod.headers().map().toString());
        assertProblem(api.request("PROPFIND", "/api/tasks").header("Accept", problemOnly).send(), 405, "METHOD_NOT_ALLOWED", "/api/tasks#");
        assertProblem(api.request("POST", "/api/tasks").bearer(token).header("Accept", problemOnly)
                .body("text/plain", "title=x".getBytes(StandardCharsets.UTF_8)).send(), 415, "UNSUPPORTED_MEDIA_TYPE", "/api/tasks#");
        // with another type beside it that JSON does not satisfy, the same
        assertProblem(api.request("POST", "/api/auth/signup").header("Accept", "text/html, application/problem+json;q=0.5")
                .json("{}").send(), 400, "BAD_REQUEST", "/api/auth/signup#");

        // a success is answered as the JSON it is (documented in the OpenAPI document and the README)
        Reply created = api.request("POST", "/api/tasks").bearer(token).header("Accept", problemOnly).json("{\"title\": \"made\"}").send();
        assertEquals(201, created.status(), created::body);
        assertTrue(created.header("Content-Type").orElse("").startsWith("application/json"), () -> created.headers().map().toString());
        Reply read = api.request("GET", "/api/tasks/" + created.json().getInt("task_id")).bearer(token).header("Accept", problemOnly).send();
        assertEquals(200, read.status(), read::body);
        assertEquals("made", read.json().getString("title"));
        // a client that takes neither JSON nor problems still gets its 406
        assertError(api.request("GET", "/api/tasks").bearer(token).header("Accept", "text/html").send(), 406, "NOT_ACCEPTABLE");
    }

    @Test
    void everyKindOfAnswerSaysNosniffAndNamesNoServer() {
        HardenedHeaders.assertOnEveryKindOfAnswer(TestEnvironment.service().baseUri(),
                TestEnvironment.service().baseUri(), api.freshToken());
    }

    /**
     * Escaped dot-segments never climb into another route: java.net.http would resolve them
     * before sending, so these go over a plain socket, byte for byte. {@code app}: the
     * application answers, in the envelope; {@code listener}: the path climbs above the root,
     * which Payara's listener refuses itself with a bare 400 (BadRequests, README known limits).
     */
    @ParameterizedTest
    @CsvSource({"/api/%2e%2e/metrics,app", "/api/%2E%2E/docs/,app", "/api/..%2fmetrics,app", "/api/%2e%2e/docs/index.html,app",
            "/api/tasks/%2e%2e/%2e%2e/metrics,app", "/api/tasks/%2e%2e/%2e%2e/openapi,app", "/docs/%2e%2e/metrics,app",
            "/api/.%2e/health/ready,app", "/api/%2e%2e;x=1/metrics,app", "/%2e%2e/metrics,listener",
            "/api/tasks/%2e%2e/%2e%2e/%2e%2e/metrics,listener"})
    void escapedDotSegmentsNeverReachAnotherRoute(String path, String answeredBy) {
        URI base = TestEnvironment.service().baseUri();
        RawHttp.Answer answer = RawHttp.exchange(base,
                ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1), false, Duration.ofSeconds(30));
        String body = answer.text();
        assertTrue(answer.status() == 400 || answer.status() == 404, () -> path + " answered " + answer.status() + ": " + body);
        assertTrue(!body.contains("# HELP") && !body.contains("swagger") && !body.contains("openapi: ") && !body.contains("\"checks\""),
                () -> path + " reached another route: " + body);
        if (answeredBy.equals("listener")) {
            assertEquals(400, answer.status(), body);
            return;
        }
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"), () -> path + ": " + answer.headers() + " " + body);
        JsonObject error = Json.createReader(new StringReader(body)).readObject().getJsonObject("errors");
        assertEquals(answer.status(), error.getInt("status"), body);
        assertTrue(List.of("BAD_REQUEST", "NOT_FOUND").contains(error.getString("code")), body);
    }

    @Test
    void aFloodOfUnknownFieldsIsNotEchoedBack() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 50_000; i++) {
            body.append("\"unknown_field_").append(i).append("\": 1,");
        }
        body.append("\"").append("x".repeat(5_000)).append("\": 1}");

        Reply reply = api.postJson("/api/auth/signup", body.toString());

        JsonObject error = assertError(reply, 400, "BAD_REQUEST");
        JsonObject details = error.getJsonObject("details");
        assertEquals(20, details.size(), details::toString);
        assertTrue(details.keySet().stream().allMatch(field -> field.length() <= 65), details::toString);
        assertTrue(error.getString("reason").matches("\\d+ more fields were refused too; the first 20 are listed"), error::toString);
        assertTrue(reply.body().length() < 4_000, () -> "an error of " + reply.body().length() + " characters");
    }
}
