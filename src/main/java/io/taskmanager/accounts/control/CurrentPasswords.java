package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
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
        UserAccount user = users.findById(userId).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED,
                "A valid bearer token is required"));
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
}
