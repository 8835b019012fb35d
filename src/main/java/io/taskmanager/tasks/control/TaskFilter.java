package io.taskmanager.tasks.control;

import io.taskmanager.tasks.entity.Priority;
import java.time.Instant;

/**
 * What a listing keeps; every non-null part must hold (AND). Time bounds are inclusive.
 * {@code text} is a case-insensitive substring of title or description.
 */
public record TaskFilter(Boolean completion, String title, String text, Priority priority,
                         Instant createdFrom, Instant createdUntil, Instant dueFrom, Instant dueUntil) {

    public static final TaskFilter NONE = new TaskFilter(null, null, null, null, null, null, null, null);
}
