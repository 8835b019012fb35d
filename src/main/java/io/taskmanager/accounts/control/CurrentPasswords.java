package io.taskmanager.accounts.control;

import io.taskmanager.input.FieldMessages;
import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The password asked again before an account's holder changes or deletes something of it. Held
 * to the login's lockout both ways: a locked account is refused (429), and a wrong password
 * counts as a failed login, so these routes are no way round it.
 */
@ApplicationScoped
public class CurrentPasswords {

    private static final Logger LOG = Logger.getLogger(CurrentPasswords.class.getName());

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Inject
    LoginThrottle loginThrottle;

    /** The account, once {@code password} is its current one; call outside a transaction (bcrypt). */
    public UserAccount holderOf(long userId, String password, String purpose) {
        return proven(users.findById(userId), password, purpose);
    }

    private UserAccount proven(Optional<UserAccount> account, String password, String purpose) {
        UserAccount user = account.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED,
                "A valid bearer token is required"));
        long userId = user.getId();
        if (!user.hasPassword()) {
            throw withoutPassword();
        }
        String subject = LoginThrottle.accountSubject(userId);
        LoginThrottle.State throttle = loginThrottle.state(subject);
        Instant now = Instant.now();
        if (throttle.lockedAt(now)) {
            throw LoginThrottle.lockedOut(throttle, now);
        }
        if (!hasher.matches(password, user.getPasswordHash())) {
            loginThrottle.recordFailure(subject);
            LOG.info(() -> purpose + " refused: wrong current password user_id=" + userId);
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials", "The current password is wrong", null, null);
        }
        return user;
    }

    /**
     * Proves the current password where the account has one (400 when none was given); an
     * account the identity provider created has none, and the provider's token is the proof.
     */
    public void proveIfAny(long userId, String password, String field, String purpose) {
        Optional<UserAccount> user = users.findById(userId);
        if (user.isPresent() && !user.get().hasPassword()) {
            return;
        }
        if (password == null) {
            throw InvalidInputException.field(field, FieldMessages.REQUIRED);
        }
        proven(user, password, purpose);
    }

    /** What an account the identity provider created gets where a password is asked for: it has none to give. */
    public static ApiException withoutPassword() {
        return new ApiException(ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.defaultMessage(),
                "This account signs in through the organisation's identity provider and has no password", null, null);
    }
}
