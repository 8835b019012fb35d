package io.taskmanager.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
     * The token's account as the database has it, when the token still speaks for it: the account exists, the token was
     * not revoked, its session has not ended, it was issued under the current password, and an
     * administrator's token belongs to an account that still is one. One query per request.
     */
    public Optional<Standing> standing(VerifiedToken token) {
        // native: one round trip for the account and the revocation (EXISTS in the select list)
        @SuppressWarnings("unchecked")
        List<Standing> rows = em.createNativeQuery("""
                        SELECT u.password_version, u.administrator, u.email_verified,
                               EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = ?2)
                               OR (?3 <> 0 AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = ?3 AND s.user_id = u.id)) AS revoked
                        FROM users u WHERE u.id = ?1""", "AccessTokenRevocations.Standing")
                .setParameter(1, token.accountId())
                .setParameter(2, token.id())
                .setParameter(3, token.sessionId())
                .getResultList();
        if (token.kind() == VerifiedToken.Kind.PROVIDER) {
            // the provider vouches for the person and their groups; no password or session of ours is involved
            return rows.stream().findFirst().filter(standing -> !standing.revoked());
        }
        return rows.stream().findFirst().filter(standing -> standing.passwordVersion() == token.passwordVersion()
                && !standing.revoked() && (standing.administrator() || !token.groups().contains(AccessTokens.ADMIN_GROUP)));
    }

    /** What the database says of a token's account and of the token itself. */
    public record Standing(long passwordVersion, boolean administrator, boolean emailVerified, boolean revoked) {
    }

    public int purgeExpired() {
        return em.createNativeQuery("DELETE FROM revoked_access_tokens WHERE expires_at < ?1")
                .setParameter(1, Timestamp.from(Instant.now()))
                .executeUpdate();
    }
}
