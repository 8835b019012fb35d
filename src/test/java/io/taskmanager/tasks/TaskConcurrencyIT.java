package io.taskmanager.tasks;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Race;
import io.taskmanager.support.Sql;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Quota, idempotent create and conditional updates under simultaneous requests. */
class TaskConcurrencyIT {

    private static final int QUOTA = 1000;

    private final Api api = Api.service();

    /** Fills a user up to {@code tasks} behind the service's back; the database keeps the count. */
    private static void seedTasks(long userId, int tasks) {
        Sql.update("""
                INSERT INTO tasks (user_id, title, created_at, updated_at)
                SELECT ?, 'seeded ' || g, now(), now() FROM generate_series(1, ?) g""", userId, tasks);
    }

    private static Map<Integer, Long> byStatus(List<Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    }

    @RepeatedTest(Race.ROUNDS)
    void twentyConcurrentCreatesAtQuotaMinusOneLeaveExactlyQuotaTasks() {
        String token = api.freshToken();
        long userId = api.userId(token);
        seedTasks(userId, QUOTA - 1);

        List<Reply> replies = Race.run(20, i -> api.send("POST", "/api/tasks", token, "{\"title\": \"racer " + i + "\"}"));

        assertEquals(Map.of(201, 1L, 403, 19L), byStatus(replies), () -> replies.toString());
        replies.stream().filter(reply -> reply.status() == 403)
                .forEach(reply -> assertError(reply, 403, "TASK_QUOTA_EXCEEDED"));
        assertEquals(QUOTA, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", userId));
        assertEquals(QUOTA, Sql.number("SELECT tasks FROM task_counts WHERE user_id = ?", userId));
    }

    @Test
    void aFullQuotaIs403UntilATaskIsDeleted() {
        String token = api.freshToken();
        long userId = api.userId(token);
        seedTasks(userId, QUOTA);

        JsonObject error = assertError(api.send("POST", "/api/tasks", token, "{\"title\": \"one too many\"}"), 403, "TASK_QUOTA_EXCEEDED");
        assertEquals(QUOTA, error.getJsonObject("details").getInt("quota"));
        assertEquals(QUOTA, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", userId));

        long oldest = Sql.number("SELECT min(id) FROM tasks WHERE user_id = ?", userId);
        assertEquals(200, api.send("DELETE", "/api/tasks/" + oldest, token, null).status());
        assertEquals(201, api.send("POST", "/api/tasks", token, "{\"title\": \"fits again\"}").status());
        assertError(api.send("POST", "/api/tasks", token, "{\"title\": \"full again\"}"), 403, "TASK_QUOTA_EXCEEDED");
    }

    @Test
    void aRepeatedIdempotencyKeyReplaysTheFirstAnswer() {
        String token = api.freshToken();
        String key = UUID.randomUUID().toString();
        String body = "{\"title\": \"Pay rent\", \"priority\": \"high\"}";

        Reply first = api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", key).json(body).send();
        assertEquals(201, first.status(), first::body);
        long taskId = first.json().getJsonNumber("task_id").longValue();
        // the task changes afterwards; the replay is still the first answer
        assertEquals(200, api.send("PATCH", "/api/tasks/" + taskId, token, "{\"completion\": true}").status());

        Reply again = api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", key)
                .json("{ \"priority\":\"high\",  \"title\":\"Pay rent\" }").send();

        assertEquals(201, again.status(), again::body);
        assertEquals(first.body(), again.body());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals("true", again.header("Idempotent-Replayed").orElseThrow());
        assertFalse(first.header("Idempotent-Replayed").isPresent());
        assertEquals(1, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", api.userId(token)));

        assertError(api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", key)
                .json("{\"title\": \"Pay rent twice\"}").send(), 422, "IDEMPOTENCY_KEY_REUSED");

        // keys are per user
        String other = api.freshToken();
        Reply otherUser = api.request("POST", "/api/tasks").bearer(other).header("Idempotency-Key", key).json(body).send();
        assertEquals(201, otherUser.status(), otherUser::body);
        assertTrue(otherUser.json().getJsonNumber("task_id").longValue() != taskId);
    }

    @Test
    void anIdempotencyKeyIsForgottenAfter24Hours() {
        String token = api.freshToken();
        long userId = api.userId(token);
        String key = "expiring-" + UUID.randomUUID();
        Reply first = api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", key).json("{\"title\": \"a\"}").send();
        assertEquals(201, first.status());
        Sql.update("UPDATE task_idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = ?", userId);

        Reply later = api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", key).json("{\"title\": \"b\"}").send();

        assertEquals(201, later.status(), later::body);
        assertFalse(later.header("Idempotent-Replayed").isPresent());
        assertEquals(2, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", userId));
    }

    @RepeatedTest(Race.ROUNDS)
    void simultaneousRequestsWithOneKeyCreateOneTask() {
        String token = api.freshToken();
        long userId = api.userId(token);
        String key = UUID.randomUUID().toString();

        List<Reply> replies = Race.run(10, i -> api.request("POST", "/api/tasks").bearer(token)
                .header("Idempotency-Key", key).json("{\"title\": \"exactly once\"}").send());

        assertEquals(1, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", userId));
        long taskId = Sql.number("SELECT id FROM tasks WHERE user_id = ?", userId);
        for (Reply reply : replies) {
            if (reply.status() == 201) {
                assertEquals(taskId, reply.json().getJsonNumber("task_id").longValue(), reply::body);
            } else {
                // still in flight when the duplicate arrived
                assertError(reply, 409, "CONFLICT");
            }
        }
        assertEquals(1, replies.stream().filter(reply -> reply.status() == 201 && reply.header("Idempotent-Replayed").isEmpty()).count(),
                replies::toString);
    }

    @Test
    void aBadIdempotencyKeyIs400() {
        String token = api.freshToken();
        for (String key : new String[] {"x".repeat(256), "tab\there"}) {
            JsonObject error = assertError(api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", key)
                    .json("{\"title\": \"a\"}").send(), 400, "BAD_REQUEST");
            assertTrue(error.getJsonObject("details").containsKey("Idempotency-Key"), error::toString);
        }
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", api.userId(token)));
    }

    @RepeatedTest(Race.ROUNDS)
    void concurrentConditionalUpdatesLetExactlyOneWin() {
        String token = api.freshToken();
        JsonObject task = api.createTask(token, "{\"title\": \"contested\"}");
        String path = "/api/tasks/" + task.getInt("id");

        List<Reply> replies = Race.run(10, i -> api.request("PATCH", path).bearer(token).header("If-Match", "\"0\"")
                .json("{\"title\": \"writer " + i + "\"}").send());

        assertEquals(Map.of(200, 1L, 412, 9L), byStatus(replies), replies::toString);
        Reply winner = replies.stream().filter(reply -> reply.status() == 200).findFirst().orElseThrow();
        Map<String, Object> row = Sql.rows("SELECT title, version FROM tasks WHERE id = ?", task.getInt("id")).get(0);
        assertEquals(winner.json().getJsonObject("task").getString("title"), row.get("title"));
        assertEquals(1L, ((Number) row.get("version")).longValue());
    }

    @RepeatedTest(Race.ROUNDS)
    void concurrentUnconditionalUpdatesOfDifferentFieldsAreAllKept() {
        String token = api.freshToken();
        JsonObject task = api.createTask(token, "{\"title\": \"merged\"}");
        String path = "/api/tasks/" + task.getInt("id");
        List<String> changes = List.of("{\"completion\": true}", "{\"priority\": \"high\"}", "{\"description\": \"set\"}",
                "{\"due_date\": \"2031-01-01T00:00:00Z\"}", "{\"title\": \"merged, renamed\"}");

        List<Reply> replies = Race.run(changes.size(), i -> api.send("PATCH", path, token, changes.get(i)));

        assertEquals(Map.of(200, (long) changes.size()), byStatus(replies), replies::toString);
        Map<String, Object> row = Sql.rows("SELECT * FROM tasks WHERE id = ?", task.getInt("id")).get(0);
        assertEquals(true, row.get("completion"));
        assertEquals("HIGH", row.get("priority"));
        assertEquals("set", row.get("description"));
        assertEquals("merged, renamed", row.get("title"));
        assertTrue(row.get("due_date") != null);
        assertEquals((long) changes.size(), ((Number) row.get("version")).longValue());
    }
}
