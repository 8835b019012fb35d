package io.taskmanager.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sessions and their refresh tokens, in PostgreSQL so that ending a session holds on every
 * instance at once. Native SQL: two small tables whose rows are read into records, and the
 * rotation needs a row lock that JPQL would only spell less plainly.
 */
@ApplicationScoped
@Transactional
public class Sessions {

    /** What is kept of a client's User-Agent: enough to tell browsers and scripts apart. */
    static final int USER_AGENT_MAX = 200;
    /** The longest IPv6 address in text; a zone suffix is cut, not stored. */
    static final int IP_MAX = 45;

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "taskmanager.refresh.ttl", defaultValue = "P30D")
    Duration refreshLifetime;

    /** A new session and its first refresh token. */
    public record Started(long sessionId, String refreshToken, Duration refreshLifetime) {
    }

    /** A refresh token traded in: the session it belongs to and its successor. */
    public sealed interface Rotation {
    }

    public record Rotated(long sessionId, long userId, String refreshToken, Duration refreshLifetime) implements Rotation {
    }

    /** The token was spent already: someone holds a copy, so the session was ended. */
    public record Replayed(long sessionId, long userId) implements Rotation {
    }

    /** No such token (never issued, or its session ended or expired). */
    public record Unknown() implements Rotation {
    }

    /** A refresh token's row and its session's, as a trade finds them. */
    public record Held(boolean spent, long sessionId, long userId, boolean live) {
    }

    /** One session as its owner sees it. */
    public record Listed(long id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent) {
    }

    public Started start(long userId, String ip, String userAgent) {
        Instant now = Instant.now();
        Number id = (Number) em.createNativeQuery("""
                        INSERT INTO sessions (user_id, created_at, last_used_at, expires_at, ip, user_agent)
                        VALUES (?1, ?2, ?2, ?3, ?4, ?5) RETURNING id""")
                .setParameter(1, userId)
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(now.plus(refreshLifetime)))
                .setParameter(4, ip == null ? "" : ip.length() > IP_MAX ? ip.substring(0, IP_MAX) : ip)
                .setParameter(5, printable(userAgent))
                .getSingleResult();
        return new Started(id.longValue(), newRefreshToken(id.longValue()), refreshLifetime);
    }

    /**
     * Spends {@code refreshToken} and issues its successor. The token's row is locked, so of two
     * trades of one token exactly one succeeds; the other finds it spent and ends the session.
     */
    public Rotation rotate(String refreshToken) {
        byte[] tokenHash = OpaqueTokens.hash(refreshToken);
        @SuppressWarnings("unchecked")
        List<Held> rows = em.createNativeQuery("""
                        SELECT r.spent, s.id AS session_id, s.user_id, s.expires_at > now() AS live
                        FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
                        WHERE r.token_hash = ?1 FOR UPDATE OF r""", "Sessions.Held")
                .setParameter(1, tokenHash)
                .getResultList();
        if (rows.isEmpty()) {
            return new Unknown();
        }
        Held held = rows.get(0);
        long sessionId = held.sessionId();
        if (held.spent()) {
            end(sessionId);
            return new Replayed(sessionId, held.userId());
        }
        if (!held.live()) {
            end(sessionId);
            return new Unknown();
        }
        em.createNativeQuery("UPDATE refresh_tokens SET spent = true WHERE token_hash = ?1")
                .setParameter(1, tokenHash)
                .executeUpdate();
        Instant now = Instant.now();
        em.createNativeQuery("UPDATE sessions SET last_used_at = ?2, expires_at = ?3 WHERE id = ?1")
                .setParameter(1, sessionId)
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(now.plus(refreshLifetime)))
                .executeUpdate();
        return new Rotated(sessionId, held.userId(), newRefreshToken(sessionId), refreshLifetime);
    }

    public List<Listed> list(long userId) {
        @SuppressWarnings("unchecked")
        List<Listed> sessions = em.createNativeQuery("""
                        SELECT id, created_at, last_used_at, ip, user_agent FROM sessions
                        WHERE user_id = ?1 AND expires_at > now() ORDER BY id""", "Sessions.Listed")
                .setParameter(1, userId)
                .getResultList();
        return sessions;
    }

    /** Ends one of the user's sessions; false when the user has no such session. */
    public boolean end(long userId, long sessionId) {
        return em.createNativeQuery("DELETE FROM sessions WHERE id = ?1 AND user_id = ?2")
                .setParameter(1, sessionId)
                .setParameter(2, userId)
                .executeUpdate() == 1;
    }

    /** Ends every session of the user but {@code keep} (0 keeps none); how many ended. */
    public int endAllBut(long userId, long keep) {
        return em.createNativeQuery("DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2 AND expires_at > now()")
                .setParameter(1, userId)
                .setParameter(2, keep)
                .executeUpdate();
    }

    private void end(long sessionId) {
        em.createNativeQuery("DELETE FROM sessions WHERE id = ?1").setParameter(1, sessionId).executeUpdate();
    }

    public int purgeExpired() {
        return em.createNativeQuery("DELETE FROM sessions WHERE expires_at < ?1")
                .setParameter(1, Timestamp.from(Instant.now()))
                .executeUpdate();
    }

    private String newRefreshToken(long sessionId) {
        String token = OpaqueTokens.newValue();
        em.createNativeQuery("INSERT INTO refresh_tokens (token_hash, session_id) VALUES (?1, ?2)")
                .setParameter(1, OpaqueTokens.hash(token))
                .setParameter(2, sessionId)
                .executeUpdate();
        return token;
    }

    /** A header as it may be shown back: printable characters only, and not too many. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        // a lone surrogate has no UTF-8 form, and PostgreSQL would refuse it
        text.codePoints().filter(c -> c >= 0x20 && c != 0x7F && !Character.isISOControl(c) && (c < 0xD800 || c > 0xDFFF))
                .limit(USER_AGENT_MAX).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /** Whether a token looks like one of ours before any query. */
    public static boolean wellFormed(String refreshToken) {
        return OpaqueTokens.wellFormed(refreshToken);
    }
}
