package io.taskmanager.tasks;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskmanager.support.Api;
import io.taskmanager.support.Sql;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Another user's task does not exist for you: 404 on every verb, absent from every list and count. */
class TaskOwnershipIT {

    private final Api api = Api.service();

    @Test
    void anotherUsersTaskIs404OnEveryVerbAndStaysUntouched() {
        String owner = api.freshToken();
        String stranger = api.freshToken();
        JsonObject task = api.createTask(owner, "{\"title\": \"Owner's\", \"description\": \"secret\"}");
        String path = "/api/tasks/" + task.getInt("id");

        assertError(api.get(path, stranger), 404, "NOT_FOUND");
        assertError(api.send("PUT", path, stranger, "{\"title\": \"taken\"}"), 404, "NOT_FOUND");
        assertError(api.send("PATCH", path, stranger, "{\"completion\": true}"), 404, "NOT_FOUND");
        assertError(api.request("PATCH", path).bearer(stranger).header("If-Match", "*").json("{\"completion\": true}").send(),
                404, "NOT_FOUND");
        assertError(api.send("DELETE", path, stranger, null), 404, "NOT_FOUND");

        // the same answer as for an id that does not exist at all
        assertEquals(api.get("/api/tasks/999999999", stranger).error().getString("message"),
                api.get(path, stranger).error().getString("message"));

        Map<String, Object> row = Sql.rows("SELECT title, completion, version FROM tasks WHERE id = ?", task.getInt("id")).get(0);
        assertEquals("Owner's", row.get("title"));
        assertEquals(false, row.get("completion"));
        assertEquals(0L, ((Number) row.get("version")).longValue());
        assertEquals(task, api.get(path, owner).json());
    }

    @Test
    void listsAndBulkDeletesNeverReachAnotherUsersTasks() {
        String owner = api.freshToken();
        String stranger = api.freshToken();
        api.createTask(owner, "{\"title\": \"shared word\"}");
        api.createTask(stranger, "{\"title\": \"shared word\"}");

        assertEquals(1, api.get("/api/tasks?q=shared", stranger).json().getJsonArray("data").size());
        assertEquals(1, api.get("/api/tasks?title=shared%20word&limit=100", stranger).json().getJsonArray("data").size());
        assertEquals(1, api.send("DELETE", "/api/tasks", stranger, null).json().getInt("deleted"));

        assertEquals(1, api.get("/api/tasks", owner).json().getJsonArray("data").size());
        assertEquals(1, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", api.userId(owner)));
    }
}
