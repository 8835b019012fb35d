package io.taskmanager.tasks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.tasks.entity.Priority;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskListParametersTest {

    private static TaskListParameters parse(String... pairs) {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return TaskListParameters.from(query);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> problems(String... pairs) {
        return (Map<String, List<String>>) assertThrows(InvalidInputException.class, () -> parse(pairs)).details();
    }

    @Test
    void defaultsToTenAndNoFilter() {
        TaskListParameters parameters = parse();
        assertEquals(10, parameters.limit());
        assertEquals(null, parameters.cursor());
        assertEquals(io.taskmanager.tasks.control.TaskFilter.NONE, parameters.filter());
    }

    @Test
    void bareDatesCoverWholeUtcDays() {
        TaskListParameters parameters = parse("after", "2025-01-10", "before", "2025-01-10", "due_before", "2025-12-31");
        assertEquals(Instant.parse("2025-01-10T00:00:00Z"), parameters.filter().createdFrom());
        assertEquals(Instant.parse("2025-01-10T23:59:59.999999Z"), parameters.filter().createdUntil());
        assertEquals(Instant.parse("2025-12-31T23:59:59.999999Z"), parameters.filter().dueUntil());
    }

    @Test
    void readsEveryFilter() {
        TaskListParameters parameters = parse("completion", "Yes", "title", "Plan", "q", "rent", "priority", "HIGH",
                "due_after", "2025-01-10T08:00:00+01:00", "limit", "250", "cursor", "abc");
        assertEquals(true, parameters.filter().completion());
        assertEquals("Plan", parameters.filter().title());
        assertEquals("rent", parameters.filter().text());
        assertEquals(Priority.HIGH, parameters.filter().priority());
        assertEquals(Instant.parse("2025-01-10T07:00:00Z"), parameters.filter().dueFrom());
        assertEquals(100, parameters.limit());
        assertEquals("abc", parameters.cursor());
    }

    @Test
    void reportsEveryBadParameterTogether() {
        Map<String, List<String>> problems = problems("limit", "0", "completion", "maybe", "priority", "urgent",
                "after", "2025-02-30", "colour", "red", "q", "a\u0000");
        assertEquals(List.of("after", "colour", "completion", "limit", "priority", "q"), List.copyOf(problems.keySet()));
        assertEquals(List.of("Unknown parameter."), problems.get("colour"));
    }

    @Test
    void limitsAreWholePositiveNumbersAndHugeOnesAreClamped() {
        assertEquals(List.of("Must be at least 1."), problems("limit", "-0").get("limit"));
        assertEquals(List.of("Not a valid integer."), problems("limit", "+5").get("limit"));
        assertEquals(List.of("Not a valid integer."), problems("limit", "1e3").get("limit"));
        assertEquals(100, parse("limit", "0000000000000000000000000000001000").limit());
        assertEquals(7, parse("limit", "007").limit());
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        assertEquals(List.of("Give this parameter at most once."), problems("title", "a", "title", "b").get("title"));
    }
}
