package io.taskmanager.tasks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.input.JsonRecordReader;
import io.taskmanager.tasks.entity.Priority;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.validation.Validation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task bodies' rules and messages, as the Flask service worded them. */
class TaskRequestsTest {

    private static final JsonRecordReader READER = JsonRecordReader.using(Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void aCreateNeedsATitleAndRefusesNullForFieldsWithDefaults() {
        assertEquals(Map.of("title", List.of("Missing data for required field.")), failure(CreateTaskRequest.class, "{}"));
        assertEquals(Map.of(
                        "title", List.of("Field may not be null."),
                        "description", List.of("Field may not be null."),
                        "completion", List.of("Field may not be null."),
                        "priority", List.of("Field may not be null.")),
                failure(CreateTaskRequest.class,
                        "{\"title\":null,\"description\":null,\"completion\":null,\"priority\":null,\"due_date\":null}"));
    }

    @Test
    void everyFieldReportsItsOwnProblemAtOnce() {
        assertEquals(Map.of(
                        "title", List.of("Must not be blank."),
                        "description", List.of("Length must be at most 10000 characters."),
                        "completion", List.of("Not a valid boolean."),
                        "priority", List.of("Must be one of: low, medium, high."),
                        "due_date", List.of("Not a valid RFC 3339 date-time, e.g. 2025-10-17T20:46:58Z."),
                        "id", List.of("Set by the server; cannot be given."),
                        "colour", List.of("Unknown field.")),
                failure(CreateTaskRequest.class, "{\"title\":\" \\t \",\"description\":\"" + "d".repeat(10_001)
                        + "\",\"completion\":\"yes\",\"priority\":\"urgent\",\"due_date\":20251017,\"id\":1,\"colour\":\"red\"}"));
        assertEquals(Map.of("title", List.of("Length must be between 1 and 200 characters.")),
                failure(CreateTaskRequest.class, "{\"title\":\"" + "t".repeat(201) + "\"}"));
        assertEquals(Map.of("title", List.of("Must not contain control characters or line breaks.")),
                failure(CreateTaskRequest.class, "{\"title\":\"a\\nb\"}"));
        assertEquals(Map.of("description", List.of("Must not contain NUL characters.")),
                failure(CreateTaskRequest.class, "{\"title\":\"a\",\"description\":\"\\u0000\"}"));
    }

    @Test
    void aCreateIsTheChangeFromTheDefaults() {
        TaskChanges changes = read(CreateTaskRequest.class,
                "{\"title\":\"  Plan  \",\"priority\":\"HIGH\",\"due_date\":\"2025-10-17T22:46:58.9+02:00\"}").changes();
        assertEquals(new TaskChanges("Plan", null, null, Priority.HIGH, true, Instant.parse("2025-10-17T20:46:58Z")), changes);
        // 200 characters after trimming is still a title
        assertEquals("t".repeat(200), read(CreateTaskRequest.class, "{\"title\":\" " + "t".repeat(200) + " \"}").changes().title());
    }

    @Test
    void aChangeTellsAClearedDueDateFromAnUntouchedOne() {
        assertEquals(new TaskChanges(null, null, null, null, true, null),
                read(ChangeTaskRequest.class, "{\"due_date\":null}").changes());
        assertEquals(new TaskChanges(null, null, true, null, false, null),
                read(ChangeTaskRequest.class, "{\"completion\":true}").changes());
    }

    @Test
    void aChangeNeedsAField() {
        assertEquals(Map.of("_schema", List.of("Provide at least one of: title, description, completion, priority, due_date.")),
                failure(ChangeTaskRequest.class, "{}"));
        // a body of only wrong fields is told about those, not about the missing ones
        assertEquals(Map.of("task_id", List.of("Set by the server; cannot be given.")),
                failure(ChangeTaskRequest.class, "{\"task_id\":3}"));
        assertEquals(Map.of("title", List.of("Field may not be null.")), failure(ChangeTaskRequest.class, "{\"title\":null}"));
    }

    @Test
    void anIdempotentRepeatIsTheSameFieldsInAnyOrderAndSpacing() {
        String digest = IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\",\"completion\":true}"));
        assertEquals(digest, IdempotencyKey.digest(read(CreateTaskRequest.class, "{ \"completion\" : true , \"title\" : \"a\" }")));
        assertNotEquals(digest, IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\",\"completion\":false}")));
        assertNotEquals(digest, IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\"}")));
        String withoutDue = IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\"}"));
        assertNotEquals(withoutDue, IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\",\"due_date\":null}")));
        // a value cannot pose as another field
        assertNotEquals(IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\",\"description\":\"x\\ncompletion 5 =true\"}")),
                IdempotencyKey.digest(read(CreateTaskRequest.class, "{\"title\":\"a\",\"description\":\"x\",\"completion\":true}")));
    }

    private static <R extends Record> R read(Class<R> type, String json) {
        return READER.bind(type, JsonRecordReader.parseObject(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> failure(Class<? extends Record> type, String json) {
        return (Map<String, List<String>>) assertThrows(InvalidInputException.class, () -> read(type, json)).details();
    }
}
