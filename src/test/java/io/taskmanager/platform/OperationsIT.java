package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import jakarta.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationsIT {

    private final Api api = Api.service();

    @Test
    void liveAndReadyAreUp() {
        Reply live = api.get("/health/live", null);
        assertEquals(200, live.status(), live::body);
        assertEquals("UP", live.json().getString("status"));

        Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready::body);
        JsonObject body = ready.json();
        assertEquals("UP", body.getString("status"));
        assertTrue(body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .anyMatch(check -> check.getString("name").equals("database") && check.getString("status").equals("UP")), body::toString);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteAndEveryDocumentedRouteIsServed() {
        Reply reply = api.request("GET", "/openapi").header("Accept", "application/json").send();

        assertEquals(200, reply.status(), reply::body);
        JsonObject paths = reply.json().getJsonObject("paths");
        assertEquals(Set.of("/api/auth/signup", "/api/auth/login", "/api/auth/logout", "/api/auth/forget-password",
                        "/api/auth/verify-otp", "/api/auth/reset-password", "/api/users/me", "/api/tasks", "/api/tasks/{id}",
                        "/api/admin/bans", "/api/admin/bans/{ip}", "/health/live", "/health/ready", "/openapi", "/metrics"),
                paths.keySet());
        Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
        for (String path : paths.keySet()) {
            for (String method : paths.getJsonObject(path).keySet()) {
                if (!methods.contains(method)) {
                    continue;
                }
                Reply answer = api.request(method.toUpperCase(Locale.ROOT), path.replace("{id}", "1").replace("{ip}", "192.0.2.1")).json("{}").send();
                assertTrue(answer.status() != 404 && answer.status() != 405,
                        () -> method + " " + path + " is documented but answers " + answer.status());
            }
        }
        JsonObject components = reply.json().getJsonObject("components");
        assertTrue(components.getJsonObject("securitySchemes").containsKey("bearer"), components::toString);
        assertTrue(components.getJsonObject("schemas").containsKey("ErrorEnvelope"), components::toString);
    }
}
