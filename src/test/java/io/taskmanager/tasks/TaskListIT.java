package io.taskmanager.tasks;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Sql;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listing: filters, limits and keyset cursors, on tasks whose times are set in the database. */
class TaskListIT {

    private final Api api = Api.service();

    /** One user with five tasks of known content, creation and due times. */
    private final class Fixture {
        final String token = api.freshToken();
        final List<Long> ids = new ArrayList<>();

        Fixture() {
            add("Write report", "quarterly NUMBERS", true, "high", "2025-01-10T08:00:00Z", "2025-02-01T12:00:00Z");
            add("Buy milk", "", false, "low", "2025-01-10T23:59:59Z", null);
            add("Call 100% of clients", "phone_book", false, "medium", "2025-01-11T00:00:00Z", "2025-02-02T00:00:00Z");
            add("write tests", "report on coverage", true, "medium", "2025-03-01T10:00:00Z", "2025-03-05T09:30:00Z");
            add("Plan", "Nothing else", false, "high", "2025-03-02T10:00:00Z", null);
        }

        private void add(String title, String description, boolean completion, String priority, String createdAt, String dueDate) {
            JsonObject task = api.createTask(token, jakarta.json.Json.createObjectBuilder().add("title", title)
                    .add("description", description).add("completion", completion).add("priority", priority)
                    .add("due_date", dueDate == null ? JsonValue.NULL : jakarta.json.Json.createValue(dueDate)).build().toString());
            long id = task.getJsonNumber("id").longValue();
            Sql.update("UPDATE tasks SET created_at = ? WHERE id = ?", Timestamp.from(Instant.parse(createdAt)), id);
            ids.add(id);
        }

        /** Ids (1-based positions in creation order) that the query returns, as positions. */
        List<Integer> positions(String query) {
            Reply reply = api.get("/api/tasks" + query, token);
            assertEquals(200, reply.status(), reply::body);
            List<Integer> positions = new ArrayList<>();
            for (JsonValue task : reply.json().getJsonArray("data")) {
                positions.add(ids.indexOf(task.asJsonObject().getJsonNumber("id").longValue()) + 1);
            }
            return positions;
        }
    }

    @Test
    void listsTheCallersTasksInIdOrderWithPaginationAndMeta() {
        Fixture fixture = new Fixture();
        Reply reply = api.get("/api/tasks", fixture.token);

        assertEquals(200, reply.status(), reply::body);
        JsonObject body = reply.json();
        assertEquals(List.of("data", "pagination", "meta"), List.copyOf(body.keySet()));
        assertEquals(5, body.getJsonArray("data").size());
        JsonObject pagination = body.getJsonObject("pagination");
        assertEquals(List.of("next_cursor", "has_more", "limit", "total_returned"), List.copyOf(pagination.keySet()));
        assertTrue(pagination.isNull("next_cursor"));
        assertFalse(pagination.getBoolean("has_more"));
        assertEquals(10, pagination.getInt("limit"));
        assertEquals(5, pagination.getInt("total_returned"));
        assertEquals("1.0", body.getJsonObject("meta").getString("version"));
        assertEquals(List.of(1, 2, 3, 4, 5), fixture.positions(""));
        assertEquals("2025-01-10T08:00:00Z", body.getJsonArray("data").getJsonObject(0).getString("created_at"));
    }

    @Test
    void anEmptyListIs200WithNoData() {
        Reply reply = api.get("/api/tasks?completion=true", api.freshToken());
        assertEquals(200, reply.status(), reply::body);
        assertEquals(0, reply.json().getJsonArray("data").size());
        assertEquals(0, reply.json().getJsonObject("pagination").getInt("total_returned"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "?completion=true|1,4",
            "?completion=FALSE|2,3,5",
            "?completion=1|1,4",
            "?completion=no|2,3,5",
            "?title=Plan|5",
            "?title=plan|''",
            "?title=Write%20report|1",
            "?q=REPORT|1,4",
            "?q=numbers|1",
            "?q=100%25|3",
            "?q=_|3",
            "?q=%25|3",
            "?q=|1,2,3,4,5",
            "?priority=high|1,5",
            "?priority=Medium|3,4",
            "?after=2025-01-11|3,4,5",
            "?before=2025-01-10|1,2",
            "?after=2025-01-10T23:59:59Z&before=2025-01-11T00:00:00Z|2,3",
            "?after=2025-01-11T00:00:00%2B01:00|2,3,4,5",
            "?before=2025-01-10T09:00:00+01:00|1",
            "?due_after=2025-02-02|3,4",
            "?due_before=2025-02-01|1",
            "?due_before=2025-03-05T09:30:00Z&due_after=2025-02-01T12:00:01Z|3,4",
            "?completion=true&priority=medium&q=report|4",
            "?completion=false&after=2025-03-01|5",
    })
    void filtersCombineWithAnd(String query, String expected) {
        Fixture fixture = new Fixture();
        List<Integer> positions = expected.isEmpty() ? List.of()
                : java.util.Arrays.stream(expected.split(",")).map(Integer::valueOf).toList();
        assertEquals(positions, fixture.positions(query), query);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "?limit=0|limit",
            "?limit=-5|limit",
            "?limit=ten|limit",
            "?limit=1.5|limit",
            "?limit=|limit",
            "?completion=maybe|completion",
            "?completion=|completion",
            "?priority=urgent|priority",
            "?after=2025-13-01|after",
            "?before=yesterday|before",
            "?due_after=2025-01-01T25:00:00Z|due_after",
            "?due_before=2025-02-29|due_before",
            "?after=1736467200|after",
            "?cursor=|cursor",
            "?cursor=not-a-cursor|cursor",
            "?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|cursor",
            "?completed=true|completed",
            "?priority=low&priority=high|priority",
            "?q=%00|q",
            "?after=0000-01-01|after",
            "?before=0000-12-31T23:59:59Z|before",
            "?due_after=0001-01-01T00:00:00%2B01:00|due_after",
            "?due_before=9999-12-31T23:59:59-18:00|due_before",
            "?after=-0001-01-01|after",
            "?before=%2B10000-01-01|before",
            "?due_after=%2B10000-01-01T00:00:00Z|due_after",
            "?due_before=0000-02-29|due_before",
    })
    void aBadParameterIs400NamingIt(String query, String parameter) {
        Reply reply = api.get("/api/tasks" + query, api.freshToken());
        JsonObject error = assertError(reply, 400, "BAD_REQUEST");
        assertTrue(error.getJsonObject("details").containsKey(parameter), error::toString);
    }

    @Test
    void theFirstAndLastDaysOfTheYears0001To9999AreFilters() {
        String token = api.freshToken();
        api.createTask(token, "{\"title\": \"far\", \"due_date\": \"9999-12-31T23:59:59Z\"}");
        for (String query : List.of("?after=0001-01-01&before=9999-12-31", "?due_after=0001-01-01T00:00:00Z&due_before=9999-12-31",
                "?due_after=9999-12-31T23:59:59Z", "?due_after=0001-01-01T00:00:00-01:00&due_before=9999-12-31T23:59:59Z")) {
            Reply reply = api.get("/api/tasks" + query, token);
            assertEquals(200, reply.status(), () -> query + ": " + reply.body());
            assertEquals(1, reply.json().getJsonArray("data").size(), () -> query + ": " + reply.body());
        }
        JsonObject error = assertError(api.get("/api/tasks?due_before=9999-12-31T23:59:59-18:00", token), 400, "BAD_REQUEST");
        assertEquals("Must fall in the years 0001 to 9999 after conversion to UTC.",
                error.getJsonObject("details").getJsonArray("due_before").getString(0));
    }

    @Test
    void limitAboveTheMaximumIsClampedTo100() {
        String token = api.freshToken();
        for (String limit : new String[] {"101", "1000", "99999999999999999999999999"}) {
            Reply reply = api.get("/api/tasks?limit=" + limit, token);
            assertEquals(200, reply.status(), reply::body);
            assertEquals(100, reply.json().getJsonObject("pagination").getInt("limit"));
        }
    }

    @Test
    void aCursorWalkSeesEveryTaskExactlyOnceWhileTasksAreAddedAndDeleted() {
        String token = api.freshToken();
        List<Long> original = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            original.add(api.createTask(token, "{\"title\": \"walk " + i + "\"}").getJsonNumber("id").longValue());
        }
        Set<Long> seen = new LinkedHashSet<>();
        Set<Long> deleted = new LinkedHashSet<>();
        List<Long> added = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply reply = api.get("/api/tasks?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertEquals(200, reply.status(), reply::body);
            for (JsonValue task : reply.json().getJsonArray("data")) {
                assertTrue(seen.add(task.asJsonObject().getJsonNumber("id").longValue()), "seen twice: " + task);
            }
            JsonObject pagination = reply.json().getJsonObject("pagination");
            cursor = pagination.isNull("next_cursor") ? null : pagination.getString("next_cursor");
            assertEquals(cursor != null, pagination.getBoolean("has_more"));
            pages++;
            if (pages == 2) {
                // behind the cursor, just ahead of it, and far ahead; plus two new tasks
                for (long id : List.of(original.get(1), original.get(10), original.get(20))) {
                    assertEquals(200, api.send("DELETE", "/api/tasks/" + id, token, null).status());
                    deleted.add(id);
                }
                added.add(api.createTask(token, "{\"title\": \"late 1\"}").getJsonNumber("id").longValue());
                added.add(api.createTask(token, "{\"title\": \"late 2\"}").getJsonNumber("id").longValue());
            }
        } while (cursor != null && pages < 20);

        Set<Long> expected = new LinkedHashSet<>(original);
        expected.removeAll(List.of(original.get(10), original.get(20)));
        expected.addAll(added);
        assertEquals(expected, seen);
        assertEquals(5, pages);
    }

    @Test
    void aCursorOnlyWorksForItsOwnerAndItsFilters() {
        String owner = api.freshToken();
        for (int i = 0; i < 3; i++) {
            api.createTask(owner, "{\"title\": \"c" + i + "\", \"priority\": \"low\"}");
        }
        String cursor = api.get("/api/tasks?limit=1&priority=low", owner).json().getJsonObject("pagination").getString("next_cursor");
        assertEquals(200, api.get("/api/tasks?limit=2&priority=low&cursor=" + cursor, owner).status(), "limit may change");

        assertError(api.get("/api/tasks?limit=1&priority=low&cursor=" + cursor, api.freshToken()), 400, "BAD_REQUEST");
        assertError(api.get("/api/tasks?limit=1&priority=high&cursor=" + cursor, owner), 400, "BAD_REQUEST");
        assertError(api.get("/api/tasks?limit=1&cursor=" + cursor, owner), 400, "BAD_REQUEST");

        // flip one bit at each position: every altered cursor is refused
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(cursor);
        for (int i = 0; i < bytes.length; i++) {
            byte[] forged = bytes.clone();
            forged[i] ^= 1;
            String forgedCursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged);
            assertNotEquals(cursor, forgedCursor);
            assertError(api.get("/api/tasks?limit=1&priority=low&cursor=" + URLEncoder.encode(forgedCursor, StandardCharsets.US_ASCII), owner),
                    400, "BAD_REQUEST");
        }
    }
}
