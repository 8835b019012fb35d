package io.taskmanager.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Which verified access tokens no longer count. Kept in PostgreSQL, so a logout or a
 * password reset on one instance holds on every instance at once.
 */
@ApplicationScoped
public class AccessTokenRevocations {

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** Revokes one token until it would have expired anyway. */
    public void revoke(String jti, long userId, Instant expiresAt) {
        em.createNativeQuery("""
                        INSERT INTO revoked_access_tokens (jti, user_id, expires_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (jti) DO NOTHING""")
                .setParameter(1, jti)
                .setParameter(2, userId)
                .setParameter(3, Timestamp.from(expiresAt))
                .executeUpdate();
    }

    /**
     * Whether a token still speaks for its account: the account exists, the token was not
     * revoked, and it was issued under the current password. One query per request.
     */
    public boolean isValid(long userId, String jti, long passwordVersion) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT u.password_version, EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = ?2)
                        FROM users u WHERE u.id = ?1""")
                .setParameter(1, userId)
                .setParameter(2, jti)
                .getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.get(0);
        return ((Number) row[0]).longValue() == passwordVersion && !Boolean.TRUE.equals(row[1]);
    }

    public int purgeExpired() {
        return em.createNativeQuery("DELETE FROM revoked_access_tokens WHERE expires_at < ?1")
                .setParameter(1, Timestamp.from(Instant.now()))
                .executeUpdate();
    }
}
