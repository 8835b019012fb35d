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
}
