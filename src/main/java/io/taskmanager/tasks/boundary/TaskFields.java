package io.taskmanager.tasks.boundary;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.input.JsonBody;
import io.taskmanager.input.JsonRecordReader;
import io.taskmanager.platform.Rfc3339;
import io.taskmanager.platform.StoredText;
import io.taskmanager.tasks.entity.Priority;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a task body. Absent and null differ here (a PATCH that sends {@code "due_date": null}
 * clears the due date), which a record cannot express, so the JSON object is read directly.
 * Every problem in the body is reported at once, per field.
 */
final class TaskFields {

    static final int TITLE_MAX = 200;
    static final int DESCRIPTION_MAX = 10_000;
    static final String REQUIRED = "Missing data for required field.";
    static final String NOT_NULL = "Field may not be null.";

    private static final Set<String> FIELDS = Set.of("title", "description", "completion", "priority", "due_date");
    private static final Set<String> SERVER_OWNED = Set.of("id", "user_id", "created_at", "updated_at", "task_id");

    private final JsonObject body;
    private final Map<String, List<String>> errors = new TreeMap<>();

    private TaskFields(JsonBody body) {
        JsonRecordReader.required(body);
        this.body = body.object();
        for (String key : this.body.keySet()) {
            if (SERVER_OWNED.contains(key)) {
                fail(key, "Set by the server; cannot be given.");
            } else if (!FIELDS.contains(key)) {
                fail(key, JsonRecordReader.UNKNOWN_FIELD);
            }
        }
    }

    /** A new task: a title is required, everything else has a default. */
    static TaskChanges forCreate(JsonBody body) {
        TaskFields fields = new TaskFields(body);
        if (!fields.body.containsKey("title")) {
            fields.fail("title", REQUIRED);
        }
        return fields.read();
    }

    /** A partial update: only what is present changes, and something must be present. */
    static TaskChanges forUpdate(JsonBody body) {
        TaskFields fields = new TaskFields(body);
        if (fields.body.keySet().stream().noneMatch(FIELDS::contains) && fields.errors.isEmpty()) {
            fields.fail("_schema", "Provide at least one of: title, description, completion, priority, due_date.");
        }
        return fields.read();
    }

    private TaskChanges read() {
        String title = text("title", TITLE_MAX, true);
        String description = text("description", DESCRIPTION_MAX, false);
        Boolean completion = completion();
        Priority priority = priority();
        Instant dueDate = dueDate();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TaskChanges(title, description, completion, priority, body.containsKey("due_date"), dueDate);
    }

    private String text(String field, int max, boolean title) {
        JsonValue value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            fail(field, value == JsonValue.NULL ? NOT_NULL : "Not a valid string.");
            return null;
        }
        String text = title ? string.getString().strip() : string.getString();
        String problem = StoredText.problem(text, title);
        if (problem != null) {
            fail(field, problem);
        } else if (title && text.isEmpty()) {
            fail(field, "Must not be blank.");
        } else if (StoredText.length(text) > max) {
            fail(field, title ? "Length must be between 1 and " + max + " characters." : "Length must be at most " + max + " characters.");
        }
        return text;
    }

    private Boolean completion() {
        JsonValue value = body.get("completion");
        if (value == null) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        fail("completion", value == JsonValue.NULL ? NOT_NULL : "Not a valid boolean.");
        return null;
    }

    private Priority priority() {
        JsonValue value = body.get("priority");
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString string) {
            Priority priority = Priority.fromWire(string.getString()).orElse(null);
            if (priority == null) {
                fail("priority", "Must be one of: low, medium, high.");
            }
            return priority;
        }
        fail("priority", value == JsonValue.NULL ? NOT_NULL : "Must be one of: low, medium, high.");
        return null;
    }

    private Instant dueDate() {
        JsonValue value = body.get("due_date");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        Instant parsed = value instanceof JsonString string ? Rfc3339.parseDateTime(string.getString()).orElse(null) : null;
        if (parsed == null) {
            fail("due_date", value instanceof JsonString string && Rfc3339.outsideYears(string.getString())
                    ? Rfc3339.OUTSIDE_YEARS : "Not a valid RFC 3339 date-time, e.g. 2025-10-17T20:46:58Z.");
            return null;
        }
        // kept to the second, as every time in this API is shown
        return parsed.truncatedTo(ChronoUnit.SECONDS);
    }

    private void fail(String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }
}
