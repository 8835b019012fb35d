package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.platform.StoredText;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The account the identity provider's {@code (iss, sub)} is linked to, created on its first
 * use. Never found by email: an address at the provider proves nothing about who signed up
 * here with it, so an address another account has is not given to the new one.
 */
@Stateless
public class LinkedAccounts {

    private static final Logger LOG = Logger.getLogger(LinkedAccounts.class.getName());
    private static final Pattern NOT_IN_USERNAMES = Pattern.compile("[^" + UserAccount.USERNAME_CHARACTERS + "]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_EMAIL = 254;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The provider's clock may run ahead of the database's by this much (its tokens' exp and nbf get as much). */
    static final Duration DELETION_MARGIN = Duration.ofSeconds(30);

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** What the provider's token says of the person, for an account created on first use. */
    public record Profile(String preferredUsername, String email, boolean emailVerified) {
    }

    /** A link as stored: to an account (or none since its deletion), and when an account of it was last deleted. */
    private record Link(Long userId, Instant deletedAt) {

        /** Whether a token issued at {@code issuedAt} (unknown: null) may speak for the link's account. */
        boolean admits(Instant issuedAt) {
            // iat is the provider's clock, deleted_at this database's: a token must come clearly after
            return deletedAt == null || issuedAt != null && issuedAt.isAfter(deletedAt.plus(DELETION_MARGIN));
        }
    }

    /**
     * The account linked to {@code (issuer, subject)}, created when there is none. Empty for a
     * token issued before an account of the person was deleted ({@code issuedAt}, or unknown):
     * only tokens the provider issues after the deletion speak for anyone, a new account.
     */
    public Optional<Long> accountFor(String issuer, String subject, Instant issuedAt, Profile profile) {
        for (boolean locked = false; ; locked = true) {
            Optional<Link> link = link(issuer, subject);
            if (link.isPresent() && !link.get().admits(issuedAt)) {
                return Optional.empty();
            }
            if (link.isPresent() && link.get().userId() != null) {
                return Optional.of(link.get().userId());
            }
            if (locked) {
                return Optional.of(create(issuer, subject, profile));
            }
            // two first requests of one person at once: the second waits here, then finds the first's account
            em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))")
                    .setParameter(1, "provider-identity\n" + issuer + "\n" + subject)
                    .getSingleResult();
        }
    }

    /** Keeps the link of an account about to be deleted as a tombstone (see accountFor); in the deletion's transaction. */
    public void unlink(long userId) {
        em.createNativeQuery("UPDATE provider_identities SET user_id = NULL, deleted_at = clock_timestamp() WHERE user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate();
    }

    private Optional<Link> link(String issuer, String subject) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT user_id, floor(extract(epoch FROM deleted_at) * 1000)::bigint
                        FROM provider_identities WHERE issuer = ?1 AND subject = ?2""")
                .setParameter(1, issuer)
                .setParameter(2, subject)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Link(row[0] == null ? null : ((Number) row[0]).longValue(),
                row[1] == null ? null : Instant.ofEpochMilli(((Number) row[1]).longValue())));
    }

    private long create(String issuer, String subject, Profile profile) {
        String base = username(profile);
        String email = usableEmail(profile.email()).filter(address -> !emailTaken(address)).orElse(null);
        String candidate = firstFreeUsername(base);
        for (int attempt = 0; ; attempt++) {
            // a signup may take the name or the address between the check and the insert
            @SuppressWarnings("unchecked")
            List<Number> created = em.createNativeQuery("""
                            INSERT INTO users (username, email, password_hash, email_verified) VALUES (?1, ?2, NULL, ?3)
                            ON CONFLICT DO NOTHING RETURNING id""")
                    .setParameter(1, candidate)
                    .setParameter(2, email)
                    .setParameter(3, email != null && profile.emailVerified())
                    .getResultList();
            if (!created.isEmpty()) {
                long userId = created.get(0).longValue();
                em.createNativeQuery("""
                                INSERT INTO provider_identities (issuer, subject, user_id) VALUES (?1, ?2, ?3)
                                ON CONFLICT (issuer, subject) DO UPDATE SET user_id = EXCLUDED.user_id""")
                        .setParameter(1, issuer)
                        .setParameter(2, subject)
                        .setParameter(3, userId)
                        .executeUpdate();
                String name = candidate;
                boolean withEmail = email != null;
                LOG.info(() -> "account created for an identity provider user user_id=" + userId + " username=" + name
                        + (withEmail ? "" : " without an email address"));
                return userId;
            }
            if (attempt == 8) {
                throw new IllegalStateException("no free username for an identity provider user after 9 attempts");
            }
            email = attempt == 0 ? email : null;
            // four digits first, then more: nine collisions in a row would take a million names alike
            candidate = suffixed(base, String.valueOf(attempt < 4 ? 1000 + RANDOM.nextInt(9000) : 10_000_000 + RANDOM.nextInt(90_000_000)));
        }
    }

    /**
     * {@code preferred_username}, else the address's local part, else "user", in the characters
     * and length a username has; a name in the form of an address (Entra ID's UPN) loses its domain.
     */
    static String username(Profile profile) {
        for (String source : new String[] {profile.preferredUsername(), profile.email()}) {
            if (source != null) {
                String name = NOT_IN_USERNAMES.matcher(source.replaceAll("@.*", "")).replaceAll("");
                name = name.length() > UserAccount.MAX_USERNAME ? name.substring(0, UserAccount.MAX_USERNAME) : name;
                if (name.length() >= UserAccount.MIN_USERNAME) {
                    return name;
                }
            }
        }
        return "user";
    }

    static Optional<String> usableEmail(String email) {
        return Optional.ofNullable(email)
                .filter(address -> address.length() <= MAX_EMAIL && StoredText.problem(address, true) == null)
                .filter(address -> EMAIL.matcher(address).matches());
    }

    private boolean emailTaken(String email) {
        return !em.createNativeQuery("SELECT 1 FROM users WHERE lower(email) = lower(?1)")
                .setParameter(1, email)
                .getResultList().isEmpty();
    }

    /** The name itself when free, else the name with the lowest free number: alice, alice-2, alice-3. */
    private String firstFreeUsername(String base) {
        String prefix = base.toLowerCase(Locale.ROOT);
        String truncatedPrefix = prefix.length() > UserAccount.MAX_USERNAME - 4 ? prefix.substring(0, UserAccount.MAX_USERNAME - 4) : prefix;
        @SuppressWarnings("unchecked")
        List<String> taken = em.createNativeQuery("""
                        SELECT lower(username) FROM users WHERE lower(username) = ?1 OR left(lower(username), ?2) = ?3""")
                .setParameter(1, prefix)
                .setParameter(2, truncatedPrefix.length())
                .setParameter(3, truncatedPrefix)
                .getResultList();
        Set<String> names = new HashSet<>(taken);
        if (!names.contains(prefix)) {
            return base;
        }
        for (int number = 2; number < 1000; number++) {
            String candidate = suffixed(base, String.valueOf(number));
            if (!names.contains(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        return suffixed(base, String.valueOf(1000 + RANDOM.nextInt(9000)));
    }

    private static String suffixed(String base, String number) {
        String suffix = "-" + number;
        return (base.length() + suffix.length() > UserAccount.MAX_USERNAME ? base.substring(0, UserAccount.MAX_USERNAME - suffix.length()) : base) + suffix;
    }
}
