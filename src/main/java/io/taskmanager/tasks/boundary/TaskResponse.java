package io.taskmanager.tasks.boundary;

import io.taskmanager.platform.Timestamps;
import io.taskmanager.tasks.entity.Task;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A task as clients see it. */
@JsonbPropertyOrder({"id", "title", "description", "completion", "priority", "dueDate", "createdAt", "updatedAt"})
public record TaskResponse(long id, String title, String description, boolean completion, String priority,
                           String dueDate, String createdAt, String updatedAt) {

    public static TaskResponse from(Task task) {
        return new TaskResponse(task.getId(), task.getTitle(), task.getDescription(), task.isCompletion(),
                task.getPriority().wireName(), Timestamps.format(task.getDueDate()),
                Timestamps.format(task.getCreatedAt()), Timestamps.format(task.getUpdatedAt()));
    }
}
