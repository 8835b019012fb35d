package io.taskmanager.tasks.boundary;

import io.taskmanager.input.FieldMessages;
import io.taskmanager.input.SetByServer;
import io.taskmanager.tasks.entity.Priority;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Optional;

/**
 * A new task: a title, and any field that differs from its default. Null when absent, empty
 * for an explicit JSON null, which only the due date accepts.
 */
@SetByServer({"id", "user_id", "created_at", "updated_at", "task_id"})
public record CreateTaskRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        Optional<@NotNull(message = FieldMessages.NOT_NULL) @TaskTitle String> title,
        Optional<@NotNull(message = FieldMessages.NOT_NULL) @TaskDescription String> description,
        Optional<@NotNull(message = FieldMessages.NOT_NULL) Boolean> completion,
        Optional<@NotNull(message = FieldMessages.NOT_NULL) Priority> priority,
        Optional<Instant> dueDate) {

    public CreateTaskRequest {
        title = title == null ? null : title.map(String::strip);
    }

    /** A create is a change from the defaults. */
    TaskChanges changes() {
        return new ChangeTaskRequest(title, description, completion, priority, dueDate).changes();
    }
}
