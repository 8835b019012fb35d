package io.taskmanager.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Email codes in PostgreSQL, one current code per account; runs in the caller's transaction.
 * Native SQL for the upsert (ON CONFLICT) and the row lock; rows come back as records
 * (META-INF/orm.xml).
 */
@ApplicationScoped
public class EmailCodeStore {

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** The account's code as a request or a verification finds it. */
    public record EmailCode(String email, String codeHash, Instant expiresAt, int wrongCodes, Instant windowStartedAt,
                            int mailsInWindow) {
    }

    /** The account's code, its row locked until commit, so wrong codes and mails are counted exactly. */
    public Optional<EmailCode> forUpdate(long userId) {
        @SuppressWarnings("unchecked")
        List<EmailCode> rows = em.createNativeQuery("""
                        SELECT email, code_hash, code_expires_at, wrong_codes, window_started_at, mails_in_window
                        FROM email_codes WHERE user_id = ?1 FOR UPDATE""", "EmailCodeStore.EmailCode")
                .setParameter(1, userId)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Makes this the account's current code; an earlier one stops working. */
    public void replace(long userId, String email, String codeHash, Instant expiresAt, int wrongCodes,
                        Instant windowStartedAt, int mailsInWindow) {
        em.createNativeQuery("""
                        INSERT INTO email_codes (user_id, email, code_hash, code_expires_at, wrong_codes, window_started_at, mails_in_window)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, code_hash = excluded.code_hash,
                            code_expires_at = excluded.code_expires_at, wrong_codes = excluded.wrong_codes,
                            window_started_at = excluded.window_started_at, mails_in_window = excluded.mails_in_window""")
                .setParameter(1, userId)
                .setParameter(2, email)
                .setParameter(3, codeHash)
                .setParameter(4, Timestamp.from(expiresAt))
                .setParameter(5, wrongCodes)
                .setParameter(6, Timestamp.from(windowStartedAt))
                .setParameter(7, mailsInWindow)
                .executeUpdate();
    }

    public void countWrongCode(long userId) {
        em.createNativeQuery("UPDATE email_codes SET wrong_codes = wrong_codes + 1 WHERE user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate();
    }

    public void spend(long userId) {
        em.createNativeQuery("UPDATE email_codes SET code_hash = NULL WHERE user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate();
    }
}
