package io.taskmanager.errors;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

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
}
