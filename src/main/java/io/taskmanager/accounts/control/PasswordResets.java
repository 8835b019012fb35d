package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.mail.MailTemplates;
import io.taskmanager.mail.Mailer;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The three-step password reset. The code goes only to the account's mailbox and is kept
 * only as an HMAC; the tokens of each step are opaque ids. Asking for a code does its
 * account work on the mail executor, so the answer is the same, in the same time, whether
 * or not the email is registered.
 */
@Stateless
public class PasswordResets {

    public static final String CODE_STEP = "password-reset-otp";
    public static final String RESET_STEP = "password-reset";
    static final Duration RESET_LIFETIME = Duration.ofMinutes(10);
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAILS_PER_WINDOW = 3;

    private static final Logger LOG = Logger.getLogger(PasswordResets.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a mailed code (and its otp-token) is good for. */
    @Inject
    Sessions sessions;

    @Inject
    PersonalAccessTokens personalTokens;

    @Inject
    @ConfigProperty(name = "taskmanager.otp.ttl", defaultValue = "PT10M")
    Duration codeLifetime;

    /** Wrong codes after which a reset request is dead, even for the right code. */
    @Inject
    @ConfigProperty(name = "taskmanager.otp.max-attempts", defaultValue = "5")
    int wrongCodesAllowed;

    @Inject
    UserStore users;

    @Inject
    PasswordResetStore resets;

    @Inject
    PasswordHasher hasher;

    @Inject
    AccessTokens tokens;

    @Inject
    SigningKeys signingKeys;

    @Inject
    LoginThrottle loginThrottle;

    @Inject
    Mailer mailer;

    @Resource(name = "concurrent/taskmanager-mail")
    ManagedExecutorService executor;

    @Resource
    SessionContext context;

    /** Step 1: an otp-token for any well-formed email; a code is mailed only to a registered one. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AccessTokens.IssuedToken requestCode(String email) {
        String requestId = randomId();
        PasswordResets self = context.getBusinessObject(PasswordResets.class);
        try {
            executor.execute(() -> self.startRequest(email, requestId));
        } catch (RejectedExecutionException e) {
            LOG.severe("password reset request dropped: the mail executor is full");
        }
        return tokens.issueStepToken(CODE_STEP, requestId, codeLifetime);
    }

    /** Runs on the mail executor: supersedes the account's request and mails the new code, within the mail limit. */
    public void startRequest(String email, String requestId) {
        Optional<UserAccount> found = users.findByEmail(email);
        if (found.isEmpty()) {
            LOG.info("password reset requested for an unregistered email");
            return;
        }
        UserAccount user = found.get();
        if (!user.hasPassword()) {
            // the identity provider vouches for this account; a reset would give it a second,
            // local way in that the organisation could not take away
            LOG.info(() -> "password reset requested for an account without a password user_id=" + user.getId());
            return;
        }
        resets.lockAccount(user.getId());
        Instant now = Instant.now();
        PasswordResetStore.Window window = resets.window(user.getId())
                .filter(w -> w.startedAt().plus(WINDOW).isAfter(now))
                .orElse(new PasswordResetStore.Window(now, 0, 0));
        if (window.mails() >= MAILS_PER_WINDOW) {
            LOG.info(() -> "password reset mail limit reached user_id=" + user.getId());
            return;
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        resets.replaceRequest(user.getId(), requestId, codeHash(requestId, code), now.plus(codeLifetime),
                new PasswordResetStore.Window(window.startedAt(), window.mails() + 1, window.wrongCodes()));
        mailer.send(MailTemplates.render("password-reset-code", user.getEmail(), user.getId(), Map.of(
                "username", user.getUsername(), "code", code, "minutes", Long.toString(codeLifetime.toMinutes()))));
        LOG.info(() -> "password reset code sent user_id=" + user.getId());
    }

    /**
     * Step 2: the right code for the request, from its owner's email, grants a reset token.
     * Anything else counts as a wrong code (committed, though the caller gets 401); after
     * five, the request is dead even for the right code.
     */
    public Optional<AccessTokens.IssuedToken> verifyCode(String requestId, String email, String code) {
        Optional<PasswordResetStore.PendingCode> found = resets.pendingCodeForUpdate(requestId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PasswordResetStore.PendingCode pending = found.get();
        if (pending.codeHash() == null || !pending.expiresAt().isAfter(Instant.now())
                || pending.wrongCodes() >= wrongCodesAllowed) {
            LOG.info(() -> "password reset code refused: spent, expired or too many wrong codes user_id=" + pending.userId());
            return Optional.empty();
        }
        boolean right = MessageDigest.isEqual(codeHash(requestId, code).getBytes(StandardCharsets.US_ASCII),
                pending.codeHash().getBytes(StandardCharsets.US_ASCII));
        if (!right || !pending.email().equalsIgnoreCase(email)) {
            resets.countWrongCode(pending.userId());
            LOG.info(() -> "password reset wrong code user_id=" + pending.userId() + " wrong_codes=" + (pending.wrongCodes() + 1));
            return Optional.empty();
        }
        String resetId = randomId();
        resets.grantReset(pending.userId(), resetId, Instant.now().plus(RESET_LIFETIME));
        LOG.info(() -> "password reset code verified user_id=" + pending.userId());
        return Optional.of(tokens.issueStepToken(RESET_STEP, resetId, RESET_LIFETIME));
    }

    /**
     * Step 3: sets the new password once. Checked and hashed before any lock is taken; the
     * token is spent in the same short transaction that stores the hash, so of two racing
     * uses exactly one succeeds.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void resetPassword(String resetTokenId, String newPassword) {
        PasswordResetStore.GrantedReset reset = resets.grantedReset(resetTokenId).orElseThrow(PasswordResets::spentToken);
        String problem = PasswordPolicy.problem(newPassword, reset.username(), reset.email());
        if (problem != null) {
            throw InvalidInputException.field("new_password", problem);
        }
        if (hasher.matches(newPassword, reset.passwordHash())) {
            throw InvalidInputException.field("new_password", "Must differ from the current password.");
        }
        String hash = hasher.hash(newPassword);
        context.getBusinessObject(PasswordResets.class).completeReset(resetTokenId, reset.userId(), hash);
    }

    public void completeReset(String resetTokenId, long userId, String newPasswordHash) {
        if (!resets.consumeReset(resetTokenId)) {
            throw spentToken();
        }
        UserAccount user = users.findById(userId).orElseThrow(PasswordResets::spentToken);
        user.changePassword(newPasswordHash);
        // a refresh token would otherwise mint new access tokens under the new password, and
        // whoever knew the old one may have made personal access tokens
        sessions.endAllBut(userId, 0);
        personalTokens.revokeAll(userId);
        loginThrottle.clear(LoginThrottle.accountSubject(userId));
        mailer.send(MailTemplates.render("password-changed", user.getEmail(), userId, Map.of(
                "username", user.getUsername(), "changed_at", user.getUpdatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())));
        LOG.info(() -> "password reset user_id=" + userId);
    }

    // keyed from the signing key every instance shares, so no stolen table row can be brute-forced offline
    private String codeHash(String requestId, String code) {
        return signingKeys.mac("reset codes", requestId + ":" + code);
    }

    private static String randomId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiException spentToken() {
        return new ApiException(ErrorCode.UNAUTHORIZED, "A valid reset token is required",
                "The reset token is unknown, expired, superseded or already used", null, null);
    }
}
