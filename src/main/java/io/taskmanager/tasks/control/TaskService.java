package io.taskmanager.tasks.control;

import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.Failures;
import io.taskmanager.tasks.entity.Priority;
import io.taskmanager.tasks.entity.Task;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A user's tasks: every operation is scoped to the owner it is given. One use case, one
 * transaction; a CDI bean rather than an EJB, because the EJB container's invocation and the
 * JNDI look-up of the bean for every request's resource took about 8% of a task request's CPU
 * (bench/RESULTS.md).
 */
@ApplicationScoped
@Transactional
public class TaskService {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject
    TaskStore store;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    PageCursors cursors;

    @Inject
    @ConfigProperty(name = "taskmanager.tasks.quota", defaultValue = "1000")
    int quota;

    /** The one-use identity of a create: the client's key and a digest of what it asked. */
    public record IdempotentRequest(String key, String requestHash) {
    }

    /**
     * Creates a task unless the owner's quota is full. With an idempotency key, a repeat
     * gets the first answer, a repeat still in flight 409, and the key with another body 422;
     * the task and its remembered answer commit together.
     */
    public CreatedTask create(long userId, TaskChanges fields, Optional<IdempotentRequest> idempotency,
                              Function<Task, String> renderBody) {
        if (idempotency.isPresent()) {
            IdempotentRequest request = idempotency.get();
            if (!idempotencyKeys.claim(userId, request.key())) {
                throw new ApiException(ErrorCode.CONFLICT, "A request with this Idempotency-Key is still in progress",
                        "Retry after the first request has finished", null, null);
            }
            Optional<IdempotencyKeys.FirstAnswer> first = idempotencyKeys.find(userId, request.key());
            if (first.isPresent()) {
                if (!first.get().requestHash().equals(request.requestHash())) {
                    throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
                }
                return new CreatedTask(first.get().taskId(), first.get().body(), null, true);
            }
        }
        Task task;
        try {
            if (store.lockTaskCount(userId) >= quota) {
                throw new ApiException(ErrorCode.TASK_QUOTA_EXCEEDED, "Task quota exceeded",
                        "A user can hold at most " + quota + " tasks; delete some to create more",
                        Map.of("quota", quota), null);
            }
            task = store.insert(new Task(userId, fields.title(),
                    fields.description() == null ? "" : fields.description(),
                    fields.completion() != null && fields.completion(),
                    fields.priority() == null ? Priority.MEDIUM : fields.priority(),
                    fields.dueDate()));
        } catch (PersistenceException e) {
            throw accountGone(e);
        }
        String body = renderBody.apply(task);
        idempotency.ifPresent(request -> idempotencyKeys.remember(userId, request.key(), request.requestHash(), task.getId(), body));
        return new CreatedTask(task.getId(), body, task.getVersion(), false);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Task find(long userId, long taskId) {
        return store.find(userId, taskId).orElseThrow(TaskService::notFound);
    }

    /** Changes the fields given; the row stays locked from the version check to the commit. */
    public Task update(long userId, long taskId, TaskChanges changes, VersionPrecondition precondition) {
        Task task = store.findForUpdate(userId, taskId).orElseThrow(TaskService::notFound);
        requireVersion(task, precondition);
        if (task.apply(changes)) {
            store.flush();
        }
        return task;
    }

    public void delete(long userId, long taskId, VersionPrecondition precondition) {
        Task task = store.findForUpdate(userId, taskId).orElseThrow(TaskService::notFound);
        requireVersion(task, precondition);
        store.remove(task);
    }

    public int deleteAll(long userId) {
        return store.removeAll(userId);
    }

    /** One page of the owner's tasks in id order, after the cursor when one is given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TaskPage page(long userId, TaskFilter filter, String cursor, int limit) {
        long afterId = cursor == null ? 0 : cursors.decode(cursor, userId, filter);
        List<Task> found = store.page(userId, filter, afterId, limit + 1);
        if (found.size() <= limit) {
            return new TaskPage(found, null, limit);
        }
        List<Task> page = found.subList(0, limit);
        return new TaskPage(List.copyOf(page), cursors.encode(userId, filter, page.get(limit - 1).getId()), limit);
    }

    private static void requireVersion(Task task, VersionPrecondition precondition) {
        if (!precondition.accepts(task.getVersion())) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED, "The task has changed since you read it",
                    "If-Match does not match the current ETag; read the task again", null, null);
        }
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "Task not found");
    }

    /** A token can outlive its account; creating under a deleted account is not allowed. */
    private static RuntimeException accountGone(PersistenceException e) {
        if (FOREIGN_KEY_VIOLATION.equals(Failures.sqlState(e))) {
            return new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
        }
        return e;
    }
}
