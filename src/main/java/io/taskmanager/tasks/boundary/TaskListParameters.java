package io.taskmanager.tasks.boundary;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.platform.Rfc3339;
import io.taskmanager.platform.StoredText;
import io.taskmanager.tasks.control.TaskFilter;
import io.taskmanager.tasks.entity.Priority;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The query of {@code GET /api/tasks}, checked as a whole: every bad parameter is named in
 * one 400. Unknown parameters are refused too, so a misspelt filter never silently lists
 * everything.
 */
record TaskListParameters(TaskFilter filter, String cursor, int limit) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final int MAX_TEXT = 1_000;
    private static final Set<String> KNOWN = Set.of("completion", "title", "q", "priority", "after", "before",
            "due_after", "due_before", "cursor", "limit");
    private static final Map<String, Boolean> BOOLEANS = Map.of("true", true, "false", false, "1", true, "0", false,
            "yes", true, "no", false);
    private static final String DATE_MESSAGE = "Not a valid date (YYYY-MM-DD) or RFC 3339 date-time.";

    static TaskListParameters from(MultivaluedMap<String, String> query) {
        Map<String, List<String>> errors = new TreeMap<>();
        Reader reader = new Reader(query, errors);
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                reader.fail(name, "Unknown parameter.");
            }
        }
        TaskFilter filter = new TaskFilter(reader.completion(), reader.text("title"), reader.text("q"), reader.priority(),
                reader.from("after"), reader.until("before"), reader.from("due_after"), reader.until("due_before"));
        String cursor = reader.single("cursor");
        if (cursor != null && (cursor.isEmpty() || cursor.length() > 200)) {
            reader.fail("cursor", "Not a valid cursor: use the next_cursor of the previous page, with the same filters.");
        }
        int limit = reader.limit();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TaskListParameters(filter, cursor, limit);
    }

    private record Reader(MultivaluedMap<String, String> query, Map<String, List<String>> errors) {

        String single(String name) {
            List<String> values = query.get(name);
            if (values == null || values.isEmpty()) {
                return null;
            }
            if (values.size() > 1) {
                fail(name, "Give this parameter at most once.");
                return null;
            }
            return values.get(0);
        }

        Boolean completion() {
            String value = single("completion");
            if (value == null) {
                return null;
            }
            Boolean parsed = BOOLEANS.get(value.toLowerCase(Locale.ROOT));
            if (parsed == null) {
                fail("completion", "Must be one of: true, false, 1, 0, yes, no.");
            }
            return parsed;
        }

        String text(String name) {
            String value = single(name);
            if (value == null) {
                return null;
            }
            String problem = StoredText.problem(value, false);
            if (problem != null) {
                fail(name, problem);
            } else if (StoredText.length(value) > MAX_TEXT) {
                fail(name, "Length must be at most " + MAX_TEXT + " characters.");
            }
            return value;
        }

        Priority priority() {
            String value = single("priority");
            if (value == null) {
                return null;
            }
            Priority parsed = Priority.fromWire(value).orElse(null);
            if (parsed == null) {
                fail("priority", "Must be one of: low, medium, high.");
            }
            return parsed;
        }

        /** A lower bound: a bare date means the start of that day, UTC. */
        Instant from(String name) {
            String value = single(name);
            if (value == null) {
                return null;
            }
            LocalDate date = Rfc3339.parseDate(value).orElse(null);
            if (date != null) {
                return date.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return dateTime(name, value);
        }

        /** An upper bound, inclusive: a bare date means the end of that day, UTC. */
        Instant until(String name) {
            String value = single(name);
            if (value == null) {
                return null;
            }
            LocalDate date = Rfc3339.parseDate(value).orElse(null);
            if (date != null) {
                // PostgreSQL keeps microseconds: the last instant it can store on that day
                return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(1, ChronoUnit.MICROS);
            }
            return dateTime(name, value);
        }

        private Instant dateTime(String name, String value) {
            Instant parsed = Rfc3339.parseQueryDateTime(value).orElse(null);
            if (parsed == null) {
                fail(name, Rfc3339.outsideYears(value) ? Rfc3339.OUTSIDE_YEARS : DATE_MESSAGE);
            }
            return parsed;
        }

        int limit() {
            String value = single("limit");
            if (value == null) {
                return DEFAULT_LIMIT;
            }
            if (value.matches("-?[0-9]{1,100}")) {
                if (value.startsWith("-") || value.matches("0+")) {
                    fail("limit", "Must be at least 1.");
                    return DEFAULT_LIMIT;
                }
                // above the maximum is clamped, however large
                String digits = value.replaceFirst("^0+", "");
                return digits.length() > 3 ? MAX_LIMIT : Math.min(Integer.parseInt(digits), MAX_LIMIT);
            }
            fail("limit", "Not a valid integer.");
            return DEFAULT_LIMIT;
        }

        void fail(String name, String message) {
            errors.computeIfAbsent(name, k -> new ArrayList<>()).add(message);
        }
    }
}
