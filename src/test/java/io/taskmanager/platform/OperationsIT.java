package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import jakarta.json.JsonObject;
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
}
