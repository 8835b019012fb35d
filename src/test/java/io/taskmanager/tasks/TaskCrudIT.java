package io.taskmanager.tasks;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Sql;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create, read, update and delete through HTTP, checked against what PostgreSQL holds afterwards. */
class TaskCrudIT {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    private final Api api = Api.service();
    private final String token = api.freshToken();

    @Test
    void createAnswers201WithLocationETagAndTheStoredTask() {
        Reply reply = api.send("POST", "/api/tasks", token, "{\"title\": \"  Finish backend refactor \", \"description\": \"Clean up routes\"}");

        assertEquals(201, reply.status(), reply::body);
        JsonObject body = reply.json();
        assertEquals(List.of("message", "task_id", "task"), List.copyOf(body.keySet()));
        assertEquals("Task created successfully", body.getString("message"));
        long id = body.getJsonNumber("task_id").longValue();
        assertTrue(reply.header("Location").orElseThrow().endsWith("/api/tasks/" + id), reply.headers()::toString);
        assertEquals("\"0\"", reply.header("ETag").orElseThrow());
        assertTrue(reply.header("Content-Type").orElseThrow().startsWith("application/json"));

        JsonObject task = body.getJsonObject("task");
        assertEquals(List.of("id", "title", "description", "completion", "priority", "due_date", "created_at", "updated_at"),
                List.copyOf(task.keySet()));
        assertEquals(id, task.getJsonNumber("id").longValue());
        assertEquals("Finish backend refactor", task.getString("title"));
        assertEquals("Clean up routes", task.getString("description"));
        assertFalse(task.getBoolean("completion"));
        assertEquals("medium", task.getString("priority"));
        assertTrue(task.isNull("due_date"));
        assertTrue(task.getString("created_at").matches(TIME), task::toString);
        assertEquals(task.getString("created_at"), task.getString("updated_at"));
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(Instant.parse(task.getString("created_at")), Instant.now())) < 120);

        Map<String, Object> row = Sql.rows("SELECT t.*, u.username FROM tasks t JOIN users u ON u.id = t.user_id WHERE t.id = ?", id).get(0);
        assertEquals("Finish backend refactor", row.get("title"));
        assertEquals(api.userId(token), ((Number) row.get("user_id")).longValue());
        assertEquals("MEDIUM", row.get("priority"));
        assertEquals(0L, ((Number) row.get("version")).longValue());
    }

    @Test
    void createTakesEveryFieldAndShowsTheDueDateInUtc() {
        JsonObject task = api.createTask(token, """
                {"title": "Ship", "description": "line one\\nline two\\ttabbed", "completion": true, "priority": "HIGH",
                 "due_date": "2025-10-20T10:00:00.000+02:00"}""");

        assertEquals("line one\nline two\ttabbed", task.getString("description"));
        assertTrue(task.getBoolean("completion"));
        assertEquals("high", task.getString("priority"));
        assertEquals("2025-10-20T08:00:00Z", task.getString("due_date"));
        Timestamp stored = (Timestamp) Sql.rows("SELECT due_date FROM tasks WHERE id = ?", task.getInt("id")).get(0).get("due_date");
        assertEquals(Instant.parse("2025-10-20T08:00:00Z"), stored.toInstant());
    }

    @Test
    void titlesAndDescriptionsAreCountedInCharactersNotBytes() {
        String emoji = "\uD83D\uDE80";
        JsonObject task = api.createTask(token, Json.createObjectBuilder()
                .add("title", emoji.repeat(200)).add("description", "é".repeat(10_000)).build().toString());
        assertEquals(emoji.repeat(200), task.getString("title"));

        JsonObject error = assertError(api.send("POST", "/api/tasks", token,
                Json.createObjectBuilder().add("title", emoji.repeat(201)).add("description", "é".repeat(10_001)).build().toString()),
                400, "BAD_REQUEST");
        assertEquals("Length must be between 1 and 200 characters.", error.getJsonObject("details").getJsonArray("title").getString(0));
        assertEquals("Length must be at most 10000 characters.", error.getJsonObject("details").getJsonArray("description").getString(0));
    }

    @Test
    void getAnswersTheTaskWithItsETagAndRevalidation() {
        JsonObject created = api.createTask(token, "{\"title\": \"Read me\"}");
        String path = "/api/tasks/" + created.getInt("id");

        Reply reply = api.get(path, token);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(created, reply.json());
        assertEquals("\"0\"", reply.header("ETag").orElseThrow());
        assertTrue(reply.header("Cache-Control").orElseThrow().contains("no-cache"));

        Reply notModified = api.request("GET", path).bearer(token).header("If-None-Match", "\"0\"").send();
        assertEquals(304, notModified.status());
        assertEquals("\"0\"", notModified.header("ETag").orElseThrow());
        assertEquals("", notModified.body());
    }

    @Test
    void patchChangesOnlyTheFieldsPresentAndReturnsTheNewETag() {
        JsonObject created = api.createTask(token, "{\"title\": \"Patch me\", \"description\": \"keep\", \"priority\": \"low\","
                + " \"due_date\": \"2030-01-01T00:00:00Z\"}");
        String path = "/api/tasks/" + created.getInt("id");

        Reply reply = api.send("PATCH", path, token, "{\"completion\": true}");

        assertEquals(200, reply.status(), reply::body);
        assertEquals("Task updated successfully", reply.json().getString("message"));
        assertEquals(List.of("message", "task"), List.copyOf(reply.json().keySet()));
        JsonObject task = reply.json().getJsonObject("task");
        assertTrue(task.getBoolean("completion"));
        assertEquals("Patch me", task.getString("title"));
        assertEquals("keep", task.getString("description"));
        assertEquals("low", task.getString("priority"));
        assertEquals("2030-01-01T00:00:00Z", task.getString("due_date"));
        assertEquals("\"1\"", reply.header("ETag").orElseThrow());

        Reply cleared = api.send("PATCH", path, token, "{\"due_date\": null}");
        assertEquals(200, cleared.status(), cleared::body);
        assertTrue(cleared.json().getJsonObject("task").isNull("due_date"));
        assertEquals("\"2\"", cleared.header("ETag").orElseThrow());
        Map<String, Object> row = Sql.rows("SELECT due_date, completion, version FROM tasks WHERE id = ?", created.getInt("id")).get(0);
        assertEquals(null, row.get("due_date"));
        assertEquals(true, row.get("completion"));
        assertEquals(2L, ((Number) row.get("version")).longValue());
        assertEquals(cleared.json().getJsonObject("task"), api.get(path, token).json());
    }

    @Test
    void putIsAPartialUpdateTooAndMergePatchIsAccepted() {
        JsonObject created = api.createTask(token, "{\"title\": \"Put me\", \"description\": \"keep\"}");
        String path = "/api/tasks/" + created.getInt("id");

        Reply put = api.send("PUT", path, token, "{\"title\": \"  Renamed  \"}");
        assertEquals(200, put.status(), put::body);
        assertEquals("Renamed", put.json().getJsonObject("task").getString("title"));
        assertEquals("keep", put.json().getJsonObject("task").getString("description"));

        Reply mergePatch = api.request("PATCH", path).bearer(token)
                .body("application/merge-patch+json", "{\"priority\": \"high\"}".getBytes(StandardCharsets.UTF_8)).send();
        assertEquals(200, mergePatch.status(), mergePatch::body);
        assertEquals("high", mergePatch.json().getJsonObject("task").getString("priority"));
        assertEquals("Renamed", mergePatch.json().getJsonObject("task").getString("title"));
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheVersion() {
        JsonObject created = api.createTask(token, "{\"title\": \"Same\"}");
        Reply reply = api.send("PATCH", "/api/tasks/" + created.getInt("id"), token, "{\"title\": \"Same\"}");
        assertEquals(200, reply.status(), reply::body);
        assertEquals("\"0\"", reply.header("ETag").orElseThrow());
        assertEquals(created.getString("updated_at"), reply.json().getJsonObject("task").getString("updated_at"));
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        JsonObject created = api.createTask(token, "{\"title\": \"Guarded\"}");
        String path = "/api/tasks/" + created.getInt("id");
        assertEquals(200, api.request("PATCH", path).bearer(token).header("If-Match", "\"0\"").json("{\"title\": \"v1\"}").send().status());

        Reply stale = api.request("PATCH", path).bearer(token).header("If-Match", "\"0\"").json("{\"title\": \"lost\"}").send();
        assertError(stale, 412, "PRECONDITION_FAILED");
        Reply weak = api.request("PUT", path).bearer(token).header("If-Match", "W/\"1\"").json("{\"title\": \"weak\"}").send();
        assertError(weak, 412, "PRECONDITION_FAILED");
        assertError(api.request("DELETE", path).bearer(token).header("If-Match", "\"0\"").send(), 412, "PRECONDITION_FAILED");
        assertError(api.request("GET", path).bearer(token).header("If-Match", "\"7\"").send(), 412, "PRECONDITION_FAILED");
        assertEquals("v1", Sql.rows("SELECT title FROM tasks WHERE id = ?", created.getInt("id")).get(0).get("title"));

        Reply listed = api.request("PATCH", path).bearer(token).header("If-Match", "\"5\", \"1\"").json("{\"title\": \"v2\"}").send();
        assertEquals(200, listed.status(), listed::body);
        Reply any = api.request("PATCH", path).bearer(token).header("If-Match", "*").json("{\"title\": \"v3\"}").send();
        assertEquals(200, any.status(), any::body);
        assertEquals(200, api.request("DELETE", path).bearer(token).header("If-Match", "\"3\"").send().status());
    }

    @Test
    void aMalformedIfMatchIs400() {
        JsonObject created = api.createTask(token, "{\"title\": \"Guarded\"}");
        Reply reply = api.request("PATCH", "/api/tasks/" + created.getInt("id")).bearer(token)
                .header("If-Match", "0").json("{\"title\": \"x\"}").send();
        JsonObject error = assertError(reply, 400, "BAD_REQUEST");
        assertTrue(error.getJsonObject("details").containsKey("If-Match"), error::toString);
    }

    @Test
    void deleteRemovesTheTaskAndThenItIsGone() {
        JsonObject created = api.createTask(token, "{\"title\": \"Delete me\"}");
        int id = created.getInt("id");

        Reply reply = api.send("DELETE", "/api/tasks/" + id, token, null);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(Json.createObjectBuilder().add("message", "Task with id " + id + " deleted").build(), reply.json());
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE id = ?", id));
        assertError(api.get("/api/tasks/" + id, token), 404, "NOT_FOUND");
        assertError(api.send("DELETE", "/api/tasks/" + id, token, null), 404, "NOT_FOUND");
    }

    @Test
    void deleteAllRemovesEveryTaskOfTheCallerAndCountsThem() {
        String own = api.freshToken();
        for (int i = 0; i < 3; i++) {
            api.createTask(own, "{\"title\": \"t" + i + "\"}");
        }
        long userId = api.userId(own);

        Reply reply = api.send("DELETE", "/api/tasks", own, null);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(Json.createObjectBuilder().add("message", "All tasks deleted").add("deleted", 3).build(), reply.json());
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", userId));
        assertEquals(0, Sql.number("SELECT tasks FROM task_counts WHERE user_id = ?", userId));
        assertEquals(0, api.send("DELETE", "/api/tasks", own, null).json().getInt("deleted"));
    }

    @Test
    void everyFieldProblemIsReportedAtOnceAndNothingIsStored() {
        String own = api.freshToken();
        Reply reply = api.send("POST", "/api/tasks", own, """
                {"title": "   ", "description": 5, "completion": "yes", "priority": "urgent", "due_date": "tomorrow",
                 "id": 99, "user_id": 1, "created_at": "2020-01-01T00:00:00Z", "task_title": "x"}""");

        JsonObject details = assertError(reply, 400, "BAD_REQUEST").getJsonObject("details");
        assertEquals("Must not be blank.", details.getJsonArray("title").getString(0));
        assertEquals("Not a valid string.", details.getJsonArray("description").getString(0));
        assertEquals("Not a valid boolean.", details.getJsonArray("completion").getString(0));
        assertEquals("Must be one of: low, medium, high.", details.getJsonArray("priority").getString(0));
        assertEquals("Not a valid RFC 3339 date-time, e.g. 2025-10-17T20:46:58Z.", details.getJsonArray("due_date").getString(0));
        assertEquals("Set by the server; cannot be given.", details.getJsonArray("id").getString(0));
        assertEquals("Set by the server; cannot be given.", details.getJsonArray("user_id").getString(0));
        assertEquals("Set by the server; cannot be given.", details.getJsonArray("created_at").getString(0));
        assertEquals("Unknown field.", details.getJsonArray("task_title").getString(0));
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", api.userId(own)));
    }

    @Test
    void serverOwnedFieldsAreNeverAppliedByAnUpdate() {
        JsonObject created = api.createTask(token, "{\"title\": \"Mine\"}");
        Reply reply = api.send("PATCH", "/api/tasks/" + created.getInt("id"), token, "{\"title\": \"x\", \"user_id\": 1, \"id\": 1}");
        assertError(reply, 400, "BAD_REQUEST");
        assertEquals("Mine", Sql.rows("SELECT title FROM tasks WHERE id = ?", created.getInt("id")).get(0).get("title"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"description\": \"no title\"}",
            "{\"title\": null}",
            "{\"title\": \"ok\", \"completion\": null}",
            "{\"title\": \"ok\", \"priority\": null}",
            "{\"title\": \"ok\", \"description\": null}",
            "{\"title\": \"a\\u0000b\"}",
            "{\"title\": \"line\\nbreak\"}",
            "{\"title\": \"\\ud800\"}",
            "{\"title\": \"ok\", \"due_date\": \"2025-10-17\"}",
            "{\"title\": \"ok\", \"due_date\": \"2025-02-30T00:00:00Z\"}",
            "{\"title\": \"ok\", \"due_date\": \"2025-10-17T20:46Z\"}",
            "{\"title\": \"ok\", \"due_date\": 1760000000}",
            "{\"title\": \"ok\", \"completion\": 1}",
            "{\"title\": [\"ok\"]}",
            "{\"title\": \"ok\", \"title\": \"twice\"}",
            "[{\"title\": \"ok\"}]",
            "\"ok\"",
            "{\"title\": \"ok\"",
            ""})
    void aBadCreateBodyIs400(String body) {
        assertError(api.send("POST", "/api/tasks", token, body), 400, "BAD_REQUEST");
    }

    /** Year 0 or 10000 in UTC would be stored, and echoed as "+10000-01-01T17:59:59Z". */
    @ParameterizedTest
    @ValueSource(strings = {"9999-12-31T23:59:59-18:00", "0001-01-01T00:00:00+01:00", "0000-06-01T00:00:00Z",
            "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void aDueDateOutsideTheYears0001To9999InUtcIs400OnCreatePutAndPatch(String dueDate) {
        String own = api.freshToken();
        String body = "{\"title\": \"edge\", \"due_date\": \"" + dueDate + "\"}";
        JsonObject details = assertError(api.send("POST", "/api/tasks", own, body), 400, "BAD_REQUEST").getJsonObject("details");
        assertTrue(details.containsKey("due_date"), details::toString);
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", api.userId(own)));

        JsonObject task = api.createTask(own, "{\"title\": \"edge\", \"due_date\": \"9999-12-31T23:59:59Z\"}");
        assertEquals("9999-12-31T23:59:59Z", task.getString("due_date"));
        for (String method : List.of("PUT", "PATCH")) {
            JsonObject error = assertError(api.send(method, "/api/tasks/" + task.getInt("id"), own, "{\"due_date\": \"" + dueDate + "\"}"),
                    400, "BAD_REQUEST");
            assertTrue(error.getJsonObject("details").containsKey("due_date"), error::toString);
        }
        assertEquals("9999-12-31T23:59:59Z", api.get("/api/tasks/" + task.getInt("id"), own).json().getString("due_date"));
        JsonObject first = api.createTask(own, "{\"title\": \"edge\", \"due_date\": \"0001-01-01T01:00:00+01:00\"}");
        assertEquals("0001-01-01T00:00:00Z", first.getString("due_date"));
    }

    @Test
    void anythingAfterTheBodysJsonValueIs400AndCreatesNothing() {
        String owner = api.freshToken();
        for (String body : List.of("{\"title\":\"x\"} trailing", "{\"title\":\"x\"}{\"title\":\"y\"}", "{\"title\":\"x\"} 5")) {
            JsonObject error = assertError(api.send("POST", "/api/tasks", owner, body), 400, "BAD_REQUEST");
            assertEquals("Malformed JSON", error.getString("message"), body);
        }
        assertEquals(0, api.get("/api/tasks", owner).json().getJsonArray("data").size(), "a task was created");
        JsonObject created = api.createTask(owner, "{\"title\":\"x\"} \r\n\t ");
        assertError(api.send("PATCH", "/api/tasks/" + created.getInt("id"), owner, "{\"title\":\"y\"} {}"), 400, "BAD_REQUEST");
        assertEquals("x", api.get("/api/tasks/" + created.getInt("id"), owner).json().getString("title"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"title\": \"\"}", "{\"due_date\": \"soon\"}", "{\"completion\": \"true\"}", "{\"owner\": 2}"})
    void aBadUpdateBodyIs400(String body) {
        JsonObject created = api.createTask(token, "{\"title\": \"Unchanged\"}");
        assertError(api.send("PATCH", "/api/tasks/" + created.getInt("id"), token, body), 400, "BAD_REQUEST");
        assertError(api.send("PUT", "/api/tasks/" + created.getInt("id"), token, body), 400, "BAD_REQUEST");
        assertEquals("Unchanged", api.get("/api/tasks/" + created.getInt("id"), token).json().getString("title"));
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Reply reply = api.request("POST", "/api/tasks").bearer(token)
                .body("text/plain", "title=x".getBytes(StandardCharsets.UTF_8)).send();
        assertError(reply, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "1.5", "99999999999999999999999", "9223372036854775807", "%20"})
    void anIdThatNamesNoTaskIs404OnEveryVerb(String id) {
        String path = "/api/tasks/" + id;
        assertError(api.get(path, token), 404, "NOT_FOUND");
        assertError(api.send("PATCH", path, token, "{\"title\": \"x\"}"), 404, "NOT_FOUND");
        assertError(api.send("PUT", path, token, "{\"title\": \"x\"}"), 404, "NOT_FOUND");
        assertError(api.send("DELETE", path, token, null), 404, "NOT_FOUND");
    }

    @Test
    void everyTaskRouteNeedsAToken() {
        JsonObject created = api.createTask(token, "{\"title\": \"Private\"}");
        String path = "/api/tasks/" + created.getInt("id");
        assertError(api.send("POST", "/api/tasks", null, "{\"title\": \"x\"}"), 401, "UNAUTHORIZED");
        assertError(api.send("GET", "/api/tasks", null, null), 401, "UNAUTHORIZED");
        assertError(api.send("DELETE", "/api/tasks", null, null), 401, "UNAUTHORIZED");
        assertError(api.send("GET", path, null, null), 401, "UNAUTHORIZED");
        assertError(api.send("PUT", path, null, "{\"title\": \"x\"}"), 401, "UNAUTHORIZED");
        assertError(api.send("PATCH", path, null, "{\"title\": \"x\"}"), 401, "UNAUTHORIZED");
        assertError(api.send("DELETE", path, null, null), 401, "UNAUTHORIZED");
        assertEquals("Private", Sql.rows("SELECT title FROM tasks WHERE id = ?", created.getInt("id")).get(0).get("title"));
    }

    /**
     * A 30 KB If-Match that is no list of tags took seconds of CPU when the tags were found by
     * searching from every position (12 s at 30,000 characters); read anchored, it is linear. The
     * bound is two orders of magnitude above what it costs, so only a quadratic read can miss it.
     */
    @Test
    void aThirtyKilobyteIfMatchIsRefusedAtOnce() {
        String token = api.freshToken();
        long id = api.createTask(token, "{\"title\": \"guarded\"}").getJsonNumber("id").longValue();
        String ifMatch = "a" + " ".repeat(30_000) + "b";

        long start = System.nanoTime();
        Reply reply = api.request("DELETE", "/api/tasks/" + id).bearer(token).header("If-Match", ifMatch).send();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("If-Match", assertError(reply, 400, "BAD_REQUEST").getJsonObject("details").keySet().iterator().next());
        assertTrue(millis < 2_000, () -> "answered after " + millis + " ms");
        assertEquals(200, api.get("/api/tasks/" + id, token).status(), "the task is still there");
    }
}
