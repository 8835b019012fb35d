package io.taskmanager.tasks.boundary;

import io.taskmanager.input.CrossFieldRules;
import io.taskmanager.input.FieldMessages;
import io.taskmanager.input.SetByServer;
import io.taskmanager.tasks.entity.Priority;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A partial update of a task (PUT, PATCH, or JSON merge patch). Each field is null when absent
 * and changes nothing then; {@code "due_date": null} clears the due date, and null is refused
 * for the others.
 */
@SetByServer({"id", "user_id", "created_at", "updated_at", "task_id"})
public record ChangeTaskRequest(
        Optional<@NotNull(message = FieldMessages.NOT_NULL) @TaskTitle String> title,
        Optional<@NotNull(message = FieldMessages.NOT_NULL) @TaskDescription String> description,
        Optional<@NotNull(message = FieldMessages.NOT_NULL) Boolean> completion,
        Optional<@NotNull(message = FieldMessages.NOT_NULL) Priority> priority,
        Optional<Instant> dueDate) implements CrossFieldRules {

    public ChangeTaskRequest {
        title = title == null ? null : title.map(String::strip);
    }

    @Override
    public void check(BiConsumer<String, String> failure) {
        if (title == null && description == null && completion == null && priority == null && dueDate == null) {
            failure.accept("_schema", "Provide at least one of: title, description, completion, priority, due_date.");
        }
    }

    TaskChanges changes() {
        return new TaskChanges(valueOf(title), valueOf(description), valueOf(completion), valueOf(priority),
                dueDate != null,
                // kept to the second, as every time in this API is shown
                dueDate == null ? null : dueDate.map(due -> due.truncatedTo(ChronoUnit.SECONDS)).orElse(null));
    }

    private static <T> T valueOf(Optional<T> field) {
        return field == null ? null : field.orElse(null);
    }
}
