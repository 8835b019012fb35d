package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.mail.MailTemplates;
import io.taskmanager.mail.Mailer;
import io.taskmanager.platform.Failures;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Proving an address with a mailed code: the account's own (to verify it) or a new one (to
 * move to it). The code follows the reset code's rules: 6 digits from a SecureRandom, kept as
 * an HMAC, valid {@code taskmanager.otp.ttl}, dead after {@code taskmanager.otp.max-attempts}
 * wrong tries, superseded by a newer one, at most 3 mails per account per 15 minutes.
 */
@Stateless
public class EmailVerifications {

    private static final Logger LOG = Logger.getLogger(EmailVerifications.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    // the reset code's window and mail limit, as the contract asks
    static final Duration WINDOW = PasswordResets.WINDOW;
    static final int MAILS_PER_WINDOW = PasswordResets.MAILS_PER_WINDOW;

    @Inject
    UserStore users;

    @Inject
    EmailCodeStore codes;

    @Inject
    CurrentPasswords passwords;

    @Inject
    Mailer mailer;

    @Inject
    SigningKeys signingKeys;

    @Inject
    @ConfigProperty(name = "taskmanager.otp.ttl", defaultValue = "PT10M")
    Duration codeLifetime;

    @Inject
    @ConfigProperty(name = "taskmanager.otp.max-attempts", defaultValue = "5")
    int wrongCodesAllowed;

    @Resource
    SessionContext context;

    /**
     * Mails a code to {@code email} once the current password is proven (a wrong one counts
     * towards the login lockout; an account the identity provider created has none to prove). An address another account has gets no mail, and the caller
     * the same answer: nobody learns which addresses are taken. Outside a transaction while
     * bcrypt runs.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void requestCode(long userId, String email, String currentPassword) {
        passwords.proveIfAny(userId, currentPassword, "current_password", "email code");
        context.getBusinessObject(EmailVerifications.class).sendCode(userId, email);
    }

    /** The second half of {@link #requestCode}: one transaction, the account's row locked; the mail leaves after commit. */
    public void sendCode(long userId, String email) {
        users.lock(userId);
        UserAccount user = users.findById(userId).orElseThrow();
        Instant now = Instant.now();
        Optional<EmailCodeStore.EmailCode> current = codes.forUpdate(userId)
                .filter(code -> code.windowStartedAt().plus(WINDOW).isAfter(now));
        Instant windowStarted = current.map(EmailCodeStore.EmailCode::windowStartedAt).orElse(now);
        int mails = current.map(EmailCodeStore.EmailCode::mailsInWindow).orElse(0);
        int wrongCodes = current.map(EmailCodeStore.EmailCode::wrongCodes).orElse(0);
        if (mails >= MAILS_PER_WINDOW) {
            LOG.info(() -> "email code mail limit reached user_id=" + userId);
            return;
        }
        boolean ownAddress = user.getEmail() != null && email.toLowerCase(Locale.ROOT).equals(user.getEmail().toLowerCase(Locale.ROOT));
        if (!ownAddress && users.findByEmail(email).isPresent()) {
            LOG.info(() -> "email code not sent: the address belongs to another account user_id=" + userId);
            return;
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        codes.replace(userId, email, codeHash(userId, email, code), now.plus(codeLifetime), wrongCodes, windowStarted, mails + 1);
        mailer.send(MailTemplates.render("email-code", email, userId, Map.of(
                "username", user.getUsername(), "email", email, "code", code, "minutes", Long.toString(codeLifetime.toMinutes()))));
        LOG.info(() -> "email code sent user_id=" + userId + (ownAddress ? " to its own address" : " to a new address"));
    }

    /**
     * The account with the code's address made its own and verified; empty for a wrong, spent,
     * expired or exhausted code (a wrong one is counted, and the count commits).
     */
    public Optional<UserAccount> verify(long userId, String code) {
        Optional<EmailCodeStore.EmailCode> found = codes.forUpdate(userId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        EmailCodeStore.EmailCode pending = found.get();
        if (pending.codeHash() == null || !pending.expiresAt().isAfter(Instant.now()) || pending.wrongCodes() >= wrongCodesAllowed) {
            LOG.info(() -> "email code refused: spent, expired or too many wrong codes user_id=" + userId);
            return Optional.empty();
        }
        boolean right = MessageDigest.isEqual(codeHash(userId, pending.email(), code).getBytes(StandardCharsets.US_ASCII),
                pending.codeHash().getBytes(StandardCharsets.US_ASCII));
        if (!right) {
            codes.countWrongCode(userId);
            LOG.info(() -> "email code wrong user_id=" + userId + " wrong_codes=" + (pending.wrongCodes() + 1));
            return Optional.empty();
        }
        codes.spend(userId);
        UserAccount user = users.findById(userId).orElseThrow();
        String previous = user.getEmail();
        user.verifiedEmail(pending.email());
        try {
            users.flush();
        } catch (PersistenceException e) {
            if ("23505".equals(Failures.sqlState(e))) {
                // another account took the address between the code's mail and its return
                throw new UserAlreadyExistsException("email");
            }
            throw e;
        }
        if (previous != null && !previous.equalsIgnoreCase(pending.email())) {
            mailer.send(MailTemplates.render("email-changed", previous, userId, Map.of("username", user.getUsername(),
                    "new_email", pending.email(), "changed_at", user.getUpdatedAt().truncatedTo(ChronoUnit.SECONDS).toString())));
            LOG.info(() -> "email changed user_id=" + userId);
        } else {
            LOG.info(() -> "email verified user_id=" + userId);
        }
        return Optional.of(user);
    }

    // keyed from the signing key every instance shares, so no stolen table row can be brute-forced offline
    private String codeHash(long userId, String email, String code) {
        return signingKeys.mac("email codes", userId + ":" + email.toLowerCase(Locale.ROOT) + ":" + code);
    }
}
