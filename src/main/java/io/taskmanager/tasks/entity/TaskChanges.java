package io.taskmanager.tasks.entity;

import java.time.Instant;

/**
 * A partial update: a null field stays as it is. The due date can be cleared, so whether it
 * changes is said separately from its new value.
 */
public record TaskChanges(String title, String description, Boolean completion, Priority priority,
                          boolean changesDueDate, Instant dueDate) {
}
