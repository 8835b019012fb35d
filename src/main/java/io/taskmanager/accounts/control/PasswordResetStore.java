package io.taskmanager.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Password-reset requests in PostgreSQL, one current request per account. Runs in the caller's
 * transaction. Native SQL: the request is an upsert (ON CONFLICT), and the code is read with
 * FOR UPDATE OF the reset's row alone; rows come back as the records below (META-INF/orm.xml).
 */
@ApplicationScoped
public class PasswordResetStore {

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** The counters of an account's request window. */
    public record Window(Instant startedAt, int mails, int wrongCodes) {
    }

    /** A request as verify-otp sees it, with its owner's email. */
    public record PendingCode(long userId, String email, String codeHash, Instant expiresAt, int wrongCodes) {
    }

    /** A granted reset, with what reset-password needs of its account. */
    public record GrantedReset(long userId, String username, String email, String passwordHash) {
    }

    /** Serialises the reset requests of one account (its users row stays locked until commit). */
    public void lockAccount(long userId) {
        em.createNativeQuery("SELECT id FROM users WHERE id = ?1 FOR UPDATE").setParameter(1, userId).getResultList();
    }

    public Optional<Window> window(long userId) {
        @SuppressWarnings("unchecked")
        List<Window> rows = em.createNativeQuery(
                        "SELECT window_started_at, mails_in_window, wrong_codes FROM password_resets WHERE user_id = ?1",
                        "PasswordResetStore.Window")
                .setParameter(1, userId)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Makes this the account's current request; any earlier code and reset token stop working. */
    public void replaceRequest(long userId, String requestId, String codeHash, Instant codeExpiresAt, Window window) {
        em.createNativeQuery("""
                        INSERT INTO password_resets (user_id, request_id, code_hash, code_expires_at, wrong_codes,
                                                     window_started_at, mails_in_window, reset_token_id, reset_expires_at, reset_used)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL, false)
                        ON CONFLICT (user_id) DO UPDATE SET request_id = excluded.request_id, code_hash = excluded.code_hash,
                            code_expires_at = excluded.code_expires_at, wrong_codes = excluded.wrong_codes,
                            window_started_at = excluded.window_started_at, mails_in_window = excluded.mails_in_window,
                            reset_token_id = NULL, reset_expires_at = NULL, reset_used = false""")
                .setParameter(1, userId)
                .setParameter(2, requestId)
                .setParameter(3, codeHash)
                .setParameter(4, Timestamp.from(codeExpiresAt))
                .setParameter(5, window.wrongCodes())
                .setParameter(6, Timestamp.from(window.startedAt()))
                .setParameter(7, window.mails())
                .executeUpdate();
    }

    /** The request behind an otp-token, locked until commit so wrong codes are counted exactly. */
    public Optional<PendingCode> pendingCodeForUpdate(String requestId) {
        @SuppressWarnings("unchecked")
        List<PendingCode> rows = em.createNativeQuery("""
                        SELECT r.user_id, u.email, r.code_hash, r.code_expires_at, r.wrong_codes
                        FROM password_resets r JOIN users u ON u.id = r.user_id
                        WHERE r.request_id = ?1 FOR UPDATE OF r""", "PasswordResetStore.PendingCode")
                .setParameter(1, requestId)
                .getResultList();
        return rows.stream().findFirst();
    }

    public void countWrongCode(long userId) {
        em.createNativeQuery("UPDATE password_resets SET wrong_codes = wrong_codes + 1 WHERE user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate();
    }

    /** The code is spent; the reset token named here may now set a new password once. */
    public void grantReset(long userId, String resetTokenId, Instant expiresAt) {
        em.createNativeQuery("""
                        UPDATE password_resets SET code_hash = NULL, reset_token_id = ?2, reset_expires_at = ?3, reset_used = false
                        WHERE user_id = ?1""")
                .setParameter(1, userId)
                .setParameter(2, resetTokenId)
                .setParameter(3, Timestamp.from(expiresAt))
                .executeUpdate();
    }

    public Optional<GrantedReset> grantedReset(String resetTokenId) {
        @SuppressWarnings("unchecked")
        List<GrantedReset> rows = em.createNativeQuery("""
                        SELECT u.id, u.username, u.email, u.password_hash
                        FROM password_resets r JOIN users u ON u.id = r.user_id
                        WHERE r.reset_token_id = ?1 AND NOT r.reset_used AND r.reset_expires_at > ?2""",
                        "PasswordResetStore.GrantedReset")
                .setParameter(1, resetTokenId)
                .setParameter(2, Timestamp.from(Instant.now()))
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Spends the reset token; false when it was spent already, expired, or superseded. Of two racing uses, one wins. */
    public boolean consumeReset(String resetTokenId) {
        return em.createNativeQuery("""
                        UPDATE password_resets SET reset_used = true
                        WHERE reset_token_id = ?1 AND NOT reset_used AND reset_expires_at > ?2""")
                .setParameter(1, resetTokenId)
                .setParameter(2, Timestamp.from(Instant.now()))
                .executeUpdate() == 1;
    }
}
