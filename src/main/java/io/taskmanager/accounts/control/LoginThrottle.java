package io.taskmanager.accounts.control;

import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Locks an account's logins after too many failures within a window. Kept in PostgreSQL,
 * so the count is shared by every instance; each call is its own short transaction, as
 * login itself holds none while bcrypt runs. Native SQL: the count is one upsert that resets
 * an expired window in place (ON CONFLICT ... CASE), which JPQL cannot say.
 */
@ApplicationScoped
public class LoginThrottle {

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "taskmanager.login.max-failures", defaultValue = "5")
    int threshold;

    @Inject
    @ConfigProperty(name = "taskmanager.login.failure-window", defaultValue = "PT15M")
    Duration window;

    /** Where failures count: the account when there is one, otherwise the identifier tried. */
    public static String accountSubject(long userId) {
        return "user:" + userId;
    }

    public static String unknownSubject(String identifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(identifier.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "unknown:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failures counted so far and, while locked, until when. */
    public record State(int failures, Instant lockedUntil) {

        static final State CLEAN = new State(0, null);

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    /** The 429 a locked account gets, wherever its password is asked for. */
    public static ApiException lockedOut(State state, Instant now) {
        long retryAfter = Math.max(1, Duration.between(now, state.lockedUntil()).toSeconds() + 1);
        return new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many failed logins",
                "Logins to this account are paused after repeated failures; retry later", null,
                Map.of("Retry-After", Long.toString(retryAfter)));
    }

    public State state(String subject) {
        @SuppressWarnings("unchecked")
        List<State> rows = em.createNativeQuery("""
                        SELECT failures, locked_until FROM login_failures WHERE subject = ?1 AND window_started_at > ?2""",
                        "LoginThrottle.State")
                .setParameter(1, subject)
                .setParameter(2, Timestamp.from(Instant.now().minus(window)))
                .getResultList();
        return rows.isEmpty() ? State.CLEAN : rows.get(0);
    }

    /** Counts a failure; the one that reaches the threshold locks the subject for the window. */
    @Transactional
    public void recordFailure(String subject) {
        Instant now = Instant.now();
        em.createNativeQuery("""
                        INSERT INTO login_failures AS f (subject, failures, window_started_at, locked_until)
                        VALUES (?1, 1, ?2, CASE WHEN 1 >= ?4 THEN CAST(?5 AS timestamptz) END)
                        ON CONFLICT (subject) DO UPDATE SET
                            failures = CASE WHEN f.window_started_at <= ?3 THEN 1 ELSE f.failures + 1 END,
                            window_started_at = CASE WHEN f.window_started_at <= ?3 THEN ?2 ELSE f.window_started_at END,
                            locked_until = CASE
                                WHEN (CASE WHEN f.window_started_at <= ?3 THEN 1 ELSE f.failures + 1 END) >= ?4 THEN CAST(?5 AS timestamptz)
                                WHEN f.window_started_at <= ?3 THEN NULL
                                ELSE f.locked_until END""")
                .setParameter(1, subject)
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(now.minus(window)))
                .setParameter(4, threshold)
                .setParameter(5, Timestamp.from(now.plus(window)))
                .executeUpdate();
    }

    /** A successful login starts the count afresh. */
    @Transactional
    public void clear(String subject) {
        em.createNativeQuery("DELETE FROM login_failures WHERE subject = ?1").setParameter(1, subject).executeUpdate();
    }

    /** Forgets counts whose window and lock are both over. */
    @Transactional
    public int purgeExpired() {
        Timestamp windowStart = Timestamp.from(Instant.now().minus(window));
        return em.createNativeQuery("""
                        DELETE FROM login_failures WHERE window_started_at <= ?1 AND (locked_until IS NULL OR locked_until <= now())""")
                .setParameter(1, windowStart)
                .executeUpdate();
    }
}
