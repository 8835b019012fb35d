package io.taskmanager.tasks.control;

/**
 * The answer to a create: the body is kept as sent, so a repeat with the same
 * Idempotency-Key gets exactly the first answer. {@code version} is null on a replay,
 * whose task may have changed since.
 */
public record CreatedTask(long taskId, String body, Long version, boolean replayed) {
}
