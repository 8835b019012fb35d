package io.taskmanager.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.DocumentedAnswers;
import io.taskmanager.support.TestEnvironment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the service serves, held against what it really answers: the task and
 * account flows, their usual errors and the answers every API route can give (a client that
 * accepts no JSON, a body too large, a wrong media type, a token missing). Each answer's status
 * must be documented for its operation, its body must match the documented schema, and each
 * header of the service's own that it carries must be declared for that status.
 */
class OpenApiConformanceIT {

    private static final URI BASE = TestEnvironment.service().baseUri();
    private static final Api API = Api.at(BASE);
    /** Headers the service itself sets, each with a meaning a client may rely on. */
    private static DocumentedAnswers documented;

    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void readTheDocument() {
        documented = DocumentedAnswers.of(API);
    }

    @Test
    void theAccountFlowAnswersAsDocumented() {
        Account account = Account.fresh();
        String signup = "{\"username\":\"" + account.username() + "\",\"email\":\"" + account.email()
                + "\",\"password\":\"" + account.password() + "\"}";
        check("POST", "/api/auth/signup", null, signup, 201);
        check("POST", "/api/auth/signup", null, signup, 409);
        check("POST", "/api/auth/signup", null, "{\"username\":\"a\",\"x\":1}", 400);
        check("POST", "/api/auth/login", null, "{\"username\":\"" + account.username() + "\",\"password\":\"wrong password 1\"}", 401);
        String token = API.login(account);
        check("GET", "/api/users/me", token, null, 200);
        Reply login = API.postJson("/api/auth/login", "{\"username\":\"" + account.username() + "\",\"password\":\""
                + account.password() + "\"}");
        String refresh = login.json().getString("refresh_token");
        check("POST", "/api/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}", 200);
        check("POST", "/api/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}", 401);
        check("POST", "/api/auth/refresh", null, "{}", 400);
        check("GET", "/api/users/me/sessions", token, null, 200);
        check("DELETE", "/api/users/me/sessions/999999999", token, null, 404);
        check("DELETE", "/api/users/me/sessions", token, null, 200);
        check("POST", "/api/users/me/email", token, "{\"email\":\"" + account.email() + "\",\"current_password\":\""
                + account.password() + "\"}", 202);
        check("POST", "/api/users/me/email", token, "{\"email\":\"x@example.com\",\"current_password\":\"wrong one\"}", 401);
        check("POST", "/api/users/me/email/verify", token, "{\"otp\":\"000000\"}", 401);
        check("POST", "/api/users/me/password", token, "{\"current_password\":\"wrong one\",\"new_password\":\"x\"}", 400);
        check("POST", "/api/users/me/password", token, "{\"current_password\":\"wrong one\",\"new_password\":\"quite another passphrase 5\"}", 401);
        check("POST", "/api/users/me/password", token, "{\"current_password\":\"" + account.password()
                + "\",\"new_password\":\"quite another passphrase 5\"}", 200);
        check("GET", "/api/users/me", null, null, 401);
        check("GET", "/api/users/me", "not.a.token", null, 401);
        check("POST", "/api/auth/forget-password", null, "{\"email\":\"" + account.email() + "\"}", 200);
        check("POST", "/api/auth/verify-otp", null, "{\"email\":\"" + account.email() + "\",\"otp\":\"123456\"}", 401);
        check("POST", "/api/auth/verify-otp", token, "{\"email\":\"" + account.email() + "\",\"otp\":\"123456\"}", 401);
        check("POST", "/api/auth/reset-password", null, "{\"new_password\":\"a new password 42\"}", 401);
        check("POST", "/api/auth/logout", token, null, 204);
        check("GET", "/api/users/me", token, null, 401);
        String other = API.login(new Account(account.username(), account.email(), "quite another passphrase 5"));
        Reply made = API.request("POST", "/api/users/me/tokens").bearer(other).json("{\"name\":\"doc\",\"scopes\":[\"tasks:read\"]}").send();
        validate("POST", "/api/users/me/tokens", made, 201);
        check("POST", "/api/users/me/tokens", other, "{\"name\":\"doc\",\"scopes\":[\"root\"]}", 400);
        check("GET", "/api/users/me/tokens", other, null, 200);
        check("GET", "/api/tasks", made.json().getString("token"), null, 200);
        check("POST", "/api/tasks", made.json().getString("token"), "{\"title\":\"no\"}", 403);
        check("DELETE", "/api/users/me/tokens/999999999", other, null, 404);
        check("DELETE", "/api/users/me/tokens/" + made.json().getJsonNumber("id"), other, null, 204);
        check("GET", "/api/users/me/export", other, null, 200);
        check("DELETE", "/api/users/me", other, "{\"password\":\"wrong one\"}", 401);
        check("DELETE", "/api/users/me", other, "{\"password\":\"quite another passphrase 5\"}", 204);
        assertTrue(problems.isEmpty(), () -> "answers the document does not describe:\n  " + String.join("\n  ", problems));
    }

    @Test
    void theTaskFlowAnswersAsDocumented() {
        String token = API.freshToken();
        check("POST", "/api/tasks", token, "{\"title\":\"conformance\",\"priority\":\"high\",\"due_date\":\"2030-01-01T00:00:00Z\"}", 201);
        long id = API.createTask(token, "{\"title\":\"conformance 2\"}").getJsonNumber("id").longValue();
        String task = "/api/tasks/" + id;
        check("GET", task, token, null, 200);
        String etag = API.request("GET", task).bearer(token).send().headers().firstValue("ETag").orElseThrow();
        checkWith("GET", task, token, null, 304, "If-None-Match", etag);
        checkWith("POST", "/api/tasks", token, "{\"title\":\"once\"}", 201, "Idempotency-Key", "conformance-" + id);
        checkWith("POST", "/api/tasks", token, "{\"title\":\"once\"}", 201, "Idempotency-Key", "conformance-" + id);
        checkWith("POST", "/api/tasks", token, "{\"title\":\"twice\"}", 422, "Idempotency-Key", "conformance-" + id);
        check("GET", "/api/tasks?limit=1&completion=false", token, null, 200);
        check("GET", "/api/tasks?limit=0&priority=urgent", token, null, 400);
        check("PATCH", task, token, "{\"completion\":true,\"due_date\":null}", 200);
        check("PUT", task, token, "{\"title\":\"renamed\"}", 200);
        checkWith("PATCH", task, token, "{\"title\":\"stale\"}", 412, "If-Match", "\"0\"");
        check("POST", "/api/tasks", token, "{\"title\":\"  \",\"user_id\":2}", 400);
        check("GET", "/api/tasks/999999999", token, null, 404);
        check("GET", task, null, null, 401);
        check("DELETE", task, token, null, 200);
        check("DELETE", task, token, null, 404);
        check("DELETE", "/api/tasks", token, null, 200);
        assertTrue(problems.isEmpty(), () -> "answers the document does not describe:\n  " + String.join("\n  ", problems));
    }

    /** What any API route may answer before its own work: each must be documented where it can happen. */
    @Test
    void theAnswersEveryRouteSharesAreDocumented() {
        String token = API.freshToken();
        long id = API.createTask(token, "{\"title\":\"shared answers\"}").getJsonNumber("id").longValue();
        checkWith("GET", "/api/tasks/" + id, token, null, 406, "Accept", "text/html");
        checkWith("GET", "/api/users/me", token, null, 406, "Accept", "text/html");
        checkWith("POST", "/api/auth/login", null, "{\"username\":\"nobody\",\"password\":\"x\"}", 406, "Accept", "text/html");
        check("POST", "/api/tasks", token, "{\"title\":\"" + "x".repeat(3_000_000) + "\"}", 413);
        checkBody("POST", "/api/tasks", token, "text/plain", "title", 415);
        checkBody("POST", "/api/auth/login", null, "text/plain", "x", 415);
        assertTrue(problems.isEmpty(), () -> "answers the document does not describe:\n  " + String.join("\n  ", problems));
    }

    private void check(String method, String path, String token, String json, int expected) {
        checkWith(method, path, token, json, expected, null, null);
    }

    private void checkWith(String method, String path, String token, String json, int expected, String header, String value) {
        Api.Request request = API.request(method, path);
        if (token != null) {
            request.bearer(token);
        }
        if (json != null) {
            request.json(json);
        }
        if (header != null) {
            request.header(header, value);
        }
        validate(method, path, request.send(), expected);
    }

    private void checkBody(String method, String path, String token, String contentType, String body, int expected) {
        Api.Request request = API.request(method, path).body(contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (token != null) {
            request.bearer(token);
        }
        validate(method, path, request.send(), expected);
    }

    private void validate(String method, String pathAndQuery, Reply reply, int expected) {
        assertEquals(expected, reply.status(), () -> method + " " + pathAndQuery + ": " + reply.body());
        problems.addAll(documented.problems(method, pathAndQuery, reply));
    }
}
