package io.taskmanager.tasks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The first answers to creates sent with an Idempotency-Key, per user, for 24 hours.
 * Runs in the create's transaction, so a task and the answer that names it commit together.
 * Native SQL: an advisory lock and an upsert (ON CONFLICT), which JPQL cannot say; the row comes
 * back as a {@link FirstAnswer} (META-INF/orm.xml).
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final Duration RETENTION = Duration.ofHours(24);

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** What was answered the first time, and a digest of the request it answered. */
    public record FirstAnswer(String requestHash, long taskId, String body) {
    }

    /**
     * Claims the key for this transaction without waiting: false while another transaction
     * (a request still in flight) holds it. Released by commit or rollback, so a crash never
     * leaves a key stuck.
     */
    public boolean claim(long userId, String key) {
        Object claimed = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext(?1), hashtext(?2))")
                .setParameter(1, "task-create:" + userId)
                .setParameter(2, key)
                .getSingleResult();
        return Boolean.TRUE.equals(claimed);
    }

    public Optional<FirstAnswer> find(long userId, String key) {
        @SuppressWarnings("unchecked")
        List<FirstAnswer> rows = em.createNativeQuery("""
                        SELECT request_hash, task_id, response_body FROM task_idempotency_keys
                        WHERE user_id = ?1 AND idempotency_key = ?2 AND created_at > ?3""", "IdempotencyKeys.FirstAnswer")
                .setParameter(1, userId)
                .setParameter(2, key)
                .setParameter(3, Timestamp.from(Instant.now().minus(RETENTION)))
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Keeps the answer; an expired entry under the same key is replaced. */
    public void remember(long userId, String key, String requestHash, long taskId, String body) {
        em.createNativeQuery("""
                        INSERT INTO task_idempotency_keys (user_id, idempotency_key, request_hash, task_id, response_body, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (user_id, idempotency_key) DO UPDATE SET request_hash = excluded.request_hash,
                            task_id = excluded.task_id, response_body = excluded.response_body, created_at = excluded.created_at""")
                .setParameter(1, userId)
                .setParameter(2, key)
                .setParameter(3, requestHash)
                .setParameter(4, taskId)
                .setParameter(5, body)
                .setParameter(6, Timestamp.from(Instant.now()))
                .executeUpdate();
    }

    public int purgeExpired() {
        return em.createNativeQuery("DELETE FROM task_idempotency_keys WHERE created_at <= ?1")
                .setParameter(1, Timestamp.from(Instant.now().minus(RETENTION)))
                .executeUpdate();
    }
}
