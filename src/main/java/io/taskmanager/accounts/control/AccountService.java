package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.Failures;
import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.operations.control.ServiceMetrics.LoginOutcome;
import io.taskmanager.operations.control.ServiceMetrics;
import io.taskmanager.platform.StoredText;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Signup, login and the caller's own profile. */
@Stateless
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());

    @Inject
    ServiceMetrics metrics;
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Inject
    AccessTokens tokens;

    @Inject
    AccessTokenRevocations revocations;

    @Inject
    LoginThrottle loginThrottle;

    /**
     * Creates the account. The database's unique indexes decide a race between two
     * identical signups: the loser gets 409, never a second account.
     */
    public UserAccount signup(String username, String email, String password) {
        String problem = PasswordPolicy.problem(password, username, email);
        if (problem != null) {
            throw InvalidInputException.field("password", problem);
        }
        // hashed before the first query, so no database connection is held during bcrypt
        String hash = hasher.hash(password);
        try {
            UserAccount user = users.insert(new UserAccount(username, email, hash));
            LOG.info(() -> "signup user_id=" + user.getId());
            return user;
        } catch (PersistenceException e) {
            if (UNIQUE_VIOLATION.equals(Failures.sqlState(e))) {
                throw new UserAlreadyExistsException(conflictingField(e));
            }
            throw e;
        }
    }

    /**
     * Checks the password and issues a token. Runs outside a transaction: the reads return
     * their connection before bcrypt starts. An unknown account costs one bcrypt too, and
     * its name locks after as many failures as a real account's, so neither the answer nor
     * its timing tells whether an account exists.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AccessTokens.IssuedToken login(String username, String email, String password) {
        String name = username != null ? username : email;
        // text no account can have (NUL, a lone surrogate) is not sent to PostgreSQL, which would refuse it
        Optional<UserAccount> user = StoredText.problem(name, true) != null ? Optional.empty()
                : username != null ? users.findByUsername(username) : users.findByEmail(email);
        String subject = user.map(u -> LoginThrottle.accountSubject(u.getId())).orElseGet(() -> LoginThrottle.unknownSubject(name));
        LoginThrottle.State throttle = loginThrottle.state(subject);
        Instant now = Instant.now();
        if (throttle.lockedAt(now)) {
            long retryAfter = Math.max(1, Duration.between(now, throttle.lockedUntil()).toSeconds() + 1);
            metrics.login(LoginOutcome.LOCKED);
            LOG.info(() -> "login refused while locked " + user.map(u -> "user_id=" + u.getId()).orElse("user_id=unknown"));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many failed logins",
                    "Logins to this account are paused after repeated failures; retry later", null,
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
        boolean matches = user.isPresent()
                ? hasher.matches(password, user.get().getPasswordHash())
                : hasher.matchesNothing(password);
        if (!matches) {
            loginThrottle.recordFailure(subject);
            metrics.login(LoginOutcome.FAILED);
            LOG.info(() -> "login failed user_id=" + user.map(u -> String.valueOf(u.getId())).orElse("unknown"));
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials");
        }
        if (throttle.failures() > 0) {
            loginThrottle.clear(subject);
        }
        AccessTokens.IssuedToken token = tokens.issue(user.get());
        metrics.login(LoginOutcome.SUCCEEDED);
        return token;
    }

    /** Makes this one access token unusable, on every instance, until it would have expired. */
    public void logout(long userId, String tokenId, Instant expiresAt) {
        revocations.revoke(tokenId, userId, expiresAt);
        LOG.info(() -> "logout user_id=" + userId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<UserAccount> find(long userId) {
        return users.findById(userId);
    }

    private static String conflictingField(PersistenceException e) {
        org.hibernate.exception.ConstraintViolationException violation =
                Failures.find(e, org.hibernate.exception.ConstraintViolationException.class);
        String constraint = violation == null || violation.getConstraintName() == null ? "" : violation.getConstraintName();
        if (constraint.contains("email")) {
            return "email";
        }
        return constraint.contains("username") ? "username" : null;
    }
}
