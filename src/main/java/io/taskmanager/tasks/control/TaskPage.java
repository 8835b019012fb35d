package io.taskmanager.tasks.control;

import io.taskmanager.tasks.entity.Task;
import java.util.List;

/** One page of a keyset walk; {@code nextCursor} is null on the last page. */
public record TaskPage(List<Task> tasks, String nextCursor, int limit) {

    public boolean hasMore() {
        return nextCursor != null;
    }
}
