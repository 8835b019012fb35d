package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.Failures;
import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.platform.StoredText;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/** Signup, login and the caller's own profile. */
@Stateless
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Inject
    AccessTokens tokens;

    /**
     * Creates the account. The database's unique indexes decide a race between two
     * identical signups: the loser gets 409, never a second account.
     */
    public UserAccount signup(String username, String email, String password) {
        String lowerPassword = password.toLowerCase(Locale.ROOT);
        if (lowerPassword.contains(username.toLowerCase(Locale.ROOT))
                || lowerPassword.contains(email.toLowerCase(Locale.ROOT).split("@", 2)[0])) {
            throw InvalidInputException.field("password", "Password must not contain the username or the email address.");
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
     * Checks the password and issues a token. Runs outside a transaction: the read returns
     * its connection before bcrypt starts. An unknown account costs one bcrypt too.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AccessTokens.IssuedToken login(String username, String email, String password) {
        String name = username != null ? username : email;
        // text no account can have (NUL, a lone surrogate) is not sent to PostgreSQL, which would refuse it
        Optional<UserAccount> user = StoredText.problem(name, true) != null ? Optional.empty()
                : username != null ? users.findByUsername(username) : users.findByEmail(email);
        boolean matches = user.isPresent()
                ? hasher.matches(password, user.get().getPasswordHash())
                : hasher.matchesNothing(password);
        if (!matches) {
            LOG.info(() -> "login failed user_id=" + user.map(u -> String.valueOf(u.getId())).orElse("unknown"));
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials");
        }
        return tokens.issue(user.get());
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
