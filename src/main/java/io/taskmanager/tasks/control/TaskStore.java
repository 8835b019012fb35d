package io.taskmanager.tasks.control;

import io.taskmanager.tasks.entity.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks in PostgreSQL. Every query names the owner in its WHERE clause, so no id, cursor
 * or filter can reach another user's rows. Runs in the caller's transaction.
 */
@ApplicationScoped
public class TaskStore {

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    public Optional<Task> find(long userId, long taskId) {
        // at most one row; a list, because Hibernate backs a result stream with a scrollable cursor
        return owned(userId, taskId).getResultList().stream().findFirst();
    }

    /** Reads the row and locks it until commit, so conditional writes see no interleaving. */
    public Optional<Task> findForUpdate(long userId, long taskId) {
        return owned(userId, taskId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().stream().findFirst();
    }

    /**
     * The owner's task count, with its row locked until commit: creates of one user queue
     * here, so a quota check and the insert after it cannot interleave with another create.
     */
    public int lockTaskCount(long userId) {
        // one round trip: the no-op update takes the row lock a SELECT ... FOR UPDATE would
        Number tasks = (Number) em.createNativeQuery("""
                        INSERT INTO task_counts (user_id, tasks) VALUES (?1, 0)
                        ON CONFLICT (user_id) DO UPDATE SET tasks = task_counts.tasks
                        RETURNING tasks""")
                .setParameter(1, userId)
                .getSingleResult();
        return tasks.intValue();
    }

    public Task insert(Task task) {
        em.persist(task);
        em.flush();
        return task;
    }

    /** Writes pending changes now, so the new version is known before the answer is built. */
    public void flush() {
        em.flush();
    }

    public void remove(Task task) {
        em.remove(task);
        em.flush();
    }

    public int removeAll(long userId) {
        return em.createQuery("delete from Task t where t.userId = :userId")
                .setParameter("userId", userId)
                .executeUpdate();
    }

    /**
     * Up to {@code limit} tasks after {@code afterId} in id order: a keyset page that the
     * (user_id, id) index answers without reading the rows before it.
     */
    public List<Task> page(long userId, TaskFilter filter, long afterId, int limit) {
        StringBuilder jpql = new StringBuilder("select t from Task t where t.userId = :userId and t.id > :afterId");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("userId", userId);
        parameters.put("afterId", afterId);
        and(jpql, parameters, "t.completion = :completion", "completion", filter.completion());
        and(jpql, parameters, "t.title = :title", "title", filter.title());
        if (filter.text() != null && !filter.text().isEmpty()) {
            and(jpql, parameters, "(lower(t.title) like lower(:text) escape '\\' or lower(t.description) like lower(:text) escape '\\')",
                    "text", "%" + likeLiteral(filter.text()) + "%");
        }
        and(jpql, parameters, "t.priority = :priority", "priority", filter.priority());
        and(jpql, parameters, "t.createdAt >= :createdFrom", "createdFrom", filter.createdFrom());
        and(jpql, parameters, "t.createdAt <= :createdUntil", "createdUntil", filter.createdUntil());
        and(jpql, parameters, "t.dueDate >= :dueFrom", "dueFrom", filter.dueFrom());
        and(jpql, parameters, "t.dueDate <= :dueUntil", "dueUntil", filter.dueUntil());
        jpql.append(" order by t.id");
        TypedQuery<Task> query = em.createQuery(jpql.toString(), Task.class).setMaxResults(limit);
        parameters.forEach(query::setParameter);
        return query.getResultList();
    }

    /** Adds a condition, and its parameter, only for a filter that was given. */
    private static void and(StringBuilder jpql, Map<String, Object> parameters, String condition, String parameter, Object value) {
        if (value != null) {
            jpql.append(" and ").append(condition);
            parameters.put(parameter, value);
        }
    }

    private TypedQuery<Task> owned(long userId, long taskId) {
        return em.createQuery("select t from Task t where t.id = :id and t.userId = :userId", Task.class)
                .setParameter("id", taskId)
                .setParameter("userId", userId);
    }

    /** The text matched literally by LIKE: its own %, _ and \ escaped. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
