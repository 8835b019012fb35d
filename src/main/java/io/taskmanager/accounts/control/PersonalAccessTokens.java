package io.taskmanager.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Personal access tokens in PostgreSQL: created, listed and revoked by their owner, and found
 * by their hash on every request that carries one, so a revocation holds on every instance at
 * once. Native SQL, rows read into records (META-INF/orm.xml).
 */
@ApplicationScoped
@Transactional
public class PersonalAccessTokens {

    public static final String PREFIX = "tm_pat_";
    public static final String TASKS_READ = "tasks:read";
    public static final String TASKS_WRITE = "tasks:write";
    public static final Set<String> SCOPES = Set.of(TASKS_READ, TASKS_WRITE);

    /** last_used_at is written at most this often per token: a script's every request is no write. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** A token as its owner sees it in the list; never its value. */
    public record Listed(long id, String name, String scopes, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

        public List<String> scopeList() {
            return List.copyOf(new TreeSet<>(Arrays.asList(scopes.split(" "))));
        }
    }

    /** A token found by its value, with what the request check needs of its account. */
    public record Found(long id, long userId, String scopes, Instant expiresAt, long passwordVersion, Instant lastUsedAt) {
    }

    /** A new token: its value is here, and nowhere else ever again. */
    public record Created(Listed token, String value) {
    }

    public Created create(long userId, String name, Set<String> scopes, int days) {
        String value = PREFIX + OpaqueTokens.newValue();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(Duration.ofDays(days));
        String scopeText = String.join(" ", new TreeSet<>(scopes));
        Number id = (Number) em.createNativeQuery("""
                        INSERT INTO personal_access_tokens (user_id, name, scopes, token_hash, created_at, expires_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id""")
                .setParameter(1, userId)
                .setParameter(2, name)
                .setParameter(3, scopeText)
                .setParameter(4, OpaqueTokens.hash(value))
                .setParameter(5, Timestamp.from(now))
                .setParameter(6, Timestamp.from(expires))
                .getSingleResult();
        return new Created(new Listed(id.longValue(), name, scopeText, now, expires, null), value);
    }

    public List<Listed> list(long userId) {
        @SuppressWarnings("unchecked")
        List<Listed> tokens = em.createNativeQuery("""
                        SELECT id, name, scopes, created_at, expires_at, last_used_at FROM personal_access_tokens
                        WHERE user_id = ?1 ORDER BY id""", "PersonalAccessTokens.Listed")
                .setParameter(1, userId)
                .getResultList();
        return tokens;
    }

    public boolean revoke(long userId, long id) {
        return em.createNativeQuery("DELETE FROM personal_access_tokens WHERE id = ?1 AND user_id = ?2")
                .setParameter(1, id)
                .setParameter(2, userId)
                .executeUpdate() == 1;
    }

    /** Revokes every token of the account (a password reset: whoever had the password may have made one). */
    public int revokeAll(long userId) {
        return em.createNativeQuery("DELETE FROM personal_access_tokens WHERE user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate();
    }

    /** The unexpired token with this value, its use noted; empty for anything else. */
    public Optional<VerifiedToken> verify(String value) {
        if (!wellFormed(value)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Found> rows = em.createNativeQuery("""
                        SELECT p.id, p.user_id, p.scopes, p.expires_at, u.password_version, p.last_used_at
                        FROM personal_access_tokens p JOIN users u ON u.id = p.user_id
                        WHERE p.token_hash = ?1 AND p.expires_at > now()""", "PersonalAccessTokens.Found")
                .setParameter(1, OpaqueTokens.hash(value))
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Found found = rows.get(0);
        Instant now = Instant.now();
        if (found.lastUsedAt() == null || found.lastUsedAt().plus(USE_RESOLUTION).isBefore(now)) {
            em.createNativeQuery("UPDATE personal_access_tokens SET last_used_at = ?2 WHERE id = ?1")
                    .setParameter(1, found.id())
                    .setParameter(2, Timestamp.from(now))
                    .executeUpdate();
        }
        return Optional.of(new VerifiedToken(VerifiedToken.Kind.PERSONAL, Long.toString(found.userId()), "pat:" + found.id(),
                found.expiresAt(), Set.of(AccessTokens.USER_GROUP), found.passwordVersion(), 0,
                Set.of(found.scopes().split(" "))));
    }

    /** The prefix and an opaque value: anything else is refused before any query. */
    static boolean wellFormed(String value) {
        return value.startsWith(PREFIX) && OpaqueTokens.wellFormed(value.substring(PREFIX.length()));
    }
}
