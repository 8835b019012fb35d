package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.Failures;
import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.operations.control.ServiceMetrics.LoginOutcome;
import io.taskmanager.operations.control.ServiceMetrics;
import io.taskmanager.platform.StoredText;
import io.taskmanager.mail.MailTemplates;
import io.taskmanager.mail.Mailer;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    @Inject
    Sessions sessions;

    @Inject
    Mailer mailer;

    @Inject
    CurrentPasswords passwords;

    @Inject
    LinkedAccounts linkedAccounts;

    @Resource
    SessionContext context;

    /** What a login or a refresh hands out: an access token, and the refresh token that renews it. */
    public record Grant(AccessTokens.IssuedToken access, String refreshToken, long refreshExpiresInSeconds) {
    }

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
    public Grant login(String username, String email, String password, String ip, String userAgent) {
        String name = username != null ? username : email;
        // text no account can have (NUL, a lone surrogate) is not sent to PostgreSQL, which would refuse it
        Optional<UserAccount> user = StoredText.problem(name, true) != null ? Optional.empty()
                : username != null ? users.findByUsername(username) : users.findByEmail(email);
        String subject = user.map(u -> LoginThrottle.accountSubject(u.getId())).orElseGet(() -> LoginThrottle.unknownSubject(name));
        LoginThrottle.State throttle = loginThrottle.state(subject);
        Instant now = Instant.now();
        if (throttle.lockedAt(now)) {
            metrics.login(LoginOutcome.LOCKED);
            LOG.info(() -> "login refused while locked " + user.map(u -> "user_id=" + u.getId()).orElse("user_id=unknown"));
            throw LoginThrottle.lockedOut(throttle, now);
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
        Sessions.Started session = sessions.start(user.get().getId(), ip, userAgent);
        AccessTokens.IssuedToken token = tokens.issue(user.get(), session.sessionId());
        metrics.login(LoginOutcome.SUCCEEDED);
        return new Grant(token, session.refreshToken(), session.refreshLifetime().toSeconds());
    }

    /**
     * Trades a refresh token for a new access token and its successor. A token presented a
     * second time ends its session (someone holds a copy), and is 401 like an unknown one.
     * Outside a transaction: the rotation commits on its own, so the 401 cannot undo an ending.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Grant refresh(String refreshToken) {
        Sessions.Rotation rotation = Sessions.wellFormed(refreshToken) ? sessions.rotate(refreshToken) : new Sessions.Unknown();
        if (rotation instanceof Sessions.Rotated rotated) {
            Optional<UserAccount> user = users.findById(rotated.userId());
            if (user.isPresent()) {
                return new Grant(tokens.issue(user.get(), rotated.sessionId()), rotated.refreshToken(),
                        rotated.refreshLifetime().toSeconds());
            }
        }
        if (rotation instanceof Sessions.Replayed replayed) {
            LOG.warning(() -> "a spent refresh token was presented again: session ended user_id=" + replayed.userId()
                    + " session_id=" + replayed.sessionId());
        }
        throw new ApiException(ErrorCode.UNAUTHORIZED, "A valid refresh token is required",
                "The refresh token is unknown, expired, already used or its session has ended", null, null);
    }

    /**
     * The holder of a session changes the account's password: the current one must be right
     * (a wrong one counts towards the login lockout, and a locked account is refused), the new
     * one must pass signup's rules and differ. Every other session ends; this one lives on.
     * Outside a transaction while bcrypt runs, as login.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void changePassword(long userId, long sessionId, String currentPassword, String newPassword) {
        UserAccount user = passwords.holderOf(userId, currentPassword, "password change");
        String problem = PasswordPolicy.problem(newPassword, user.getUsername(), user.getEmail());
        if (problem != null) {
            throw InvalidInputException.field("new_password", problem);
        }
        if (hasher.matches(newPassword, user.getPasswordHash())) {
            throw InvalidInputException.field("new_password", "Must differ from the current password.");
        }
        String hash = hasher.hash(newPassword);
        context.getBusinessObject(AccountService.class).storeChangedPassword(userId, sessionId, user.getPasswordHash(), hash);
    }

    /** The second half of {@link #changePassword}, in one transaction; the mail leaves after it commits. */
    public void storeChangedPassword(long userId, long sessionId, String checkedHash, String newHash) {
        UserAccount user = users.findById(userId).filter(u -> u.getPasswordHash().equals(checkedHash))
                // changed or reset by another request since the current password was checked
                .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "The password changed meanwhile; try again"));
        user.replacePassword(newHash);
        sessions.endAllBut(userId, sessionId);
        loginThrottle.clear(LoginThrottle.accountSubject(userId));
        mailer.send(MailTemplates.render("password-changed", user.getEmail(), userId, Map.of(
                "username", user.getUsername(), "changed_at", user.getUpdatedAt().truncatedTo(ChronoUnit.SECONDS).toString())));
        LOG.info(() -> "password changed user_id=" + userId);
    }

    /**
     * Deletes the account and everything of it in one transaction (every table that holds a row
     * of it refers to it with ON DELETE CASCADE; the login failure count is keyed by name, and
     * goes too). Its tokens fail the per-request check at once on every instance; the name and
     * address are free again; a goodbye mail leaves after the commit.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void deleteAccount(long userId, String password) {
        passwords.proveIfAny(userId, password, "password", "account deletion");
        context.getBusinessObject(AccountService.class).removeAccount(userId);
    }

    public void removeAccount(long userId) {
        UserAccount user = users.findById(userId).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED,
                "A valid bearer token is required"));
        String username = user.getUsername();
        String email = user.getEmail();
        linkedAccounts.unlink(userId);
        users.remove(user);
        loginThrottle.clear(LoginThrottle.accountSubject(userId));
        if (email != null) {
            mailer.send(MailTemplates.render("account-deleted", email, userId, Map.of(
                    "username", username, "deleted_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())));
        }
        LOG.info(() -> "account deleted user_id=" + userId);
    }

    /** Ends the session of this access token, and the token itself, on every instance at once. */
    public void logout(long userId, String tokenId, Instant expiresAt, long sessionId) {
        revocations.revoke(tokenId, userId, expiresAt);
        if (sessionId != 0) {
            sessions.end(userId, sessionId);
        }
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
