package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Race;
import io.taskmanager.support.Sql;
import io.taskmanager.support.Tokens;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The three-step reset, reading each code out of the mail the SMTP server received. */
class PasswordResetIT {

    private static final String NEW_PASSWORD = "Fresh-Lantern-2931";

    private final Api api = Api.service();

    private Account registered() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        return account;
    }

    private String requestCode(String email) {
        Reply reply = api.postJson("/api/auth/forget-password", Json.createObjectBuilder().add("email", email).build().toString());
        assertEquals(200, reply.status(), reply::body);
        return reply.json().getString("otp-token");
    }

    private Reply verify(String otpToken, String email, String code) {
        return api.send("POST", "/api/auth/verify-otp", otpToken,
                Json.createObjectBuilder().add("email", email).add("otp", code).build().toString());
    }

    private Reply reset(String resetToken, String password) {
        return api.send("POST", "/api/auth/reset-password", resetToken,
                Json.createObjectBuilder().add("new_password", password).build().toString());
    }

    @Test
    void theWholeResetByMailedCode() {
        Account account = registered();
        String oldToken = api.login(account);
        Mailbox mailbox = new Mailbox(account.email());

        Reply requested = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email().toUpperCase() + "\"}");
        assertEquals(200, requested.status(), requested::body);
        assertEquals(List.of("message", "otp-token"), List.copyOf(requested.json().keySet()));
        assertEquals("If the account exists, a code has been sent", requested.json().getString("message"));
        String otpToken = requested.json().getString("otp-token");

        Mailbox.Delivered mail = mailbox.await(1);
        assertEquals(TestEnvironment.MAIL_SENDER, mail.from());
        assertEquals("Your Task Manager password reset code", mail.subject());
        String code = mail.code();
        assertTrue(mail.text().contains("Hello " + account.username()), mail.text());
        assertTrue(mail.html().contains(code) && mail.html().contains("<html"), mail.html());
        assertFalse(otpToken.contains(code) || Tokens.payload(otpToken).toString().contains(code), "the code never travels in a token");

        Reply verified = verify(otpToken, account.email(), code);
        assertEquals(200, verified.status(), verified::body);
        assertEquals(List.of("reset-token"), List.copyOf(verified.json().keySet()));
        String resetToken = verified.json().getString("reset-token");

        Reply done = reset(resetToken, NEW_PASSWORD);
        assertEquals(200, done.status(), done::body);
        assertEquals("Password reset successfully", done.json().getString("message"));

        // every older token is void; a login right away works with the new password only
        assertError(api.get("/api/users/me", oldToken), 401, "UNAUTHORIZED");
        String newToken = api.login(new Account(account.username(), account.email(), NEW_PASSWORD));
        assertEquals(200, api.get("/api/users/me", newToken).status());
        assertError(api.postJson("/api/auth/login", Json.createObjectBuilder().add("username", account.username())
                .add("password", account.password()).build().toString()), 401, "INVALID_CREDENTIALS");

        Mailbox.Delivered notice = mailbox.await(2);
        assertEquals("Your Task Manager password was changed", notice.subject());
        assertFalse(notice.text().contains(NEW_PASSWORD));

        // the code is spent, and the reset token too
        assertError(verify(otpToken, account.email(), code), 401, "INVALID_OTP");
        assertError(reset(resetToken, "Another-Fresh-7781"), 401, "UNAUTHORIZED");

        // no code or token in the server log
        String log = TestEnvironment.service().log();
        assertFalse(log.contains(code + "\n") || log.contains(" " + code), "code in the log");
        assertFalse(log.contains(otpToken) || log.contains(resetToken) || log.contains(NEW_PASSWORD), "secret in the log");
        String stored = (String) Sql.rows("SELECT code_hash FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.username = ?",
                account.username()).get(0).get("code_hash");
        assertEquals(null, stored, "a spent code leaves no hash");
    }

    @Test
    void anUnregisteredEmailGetsTheSameAnswerInTheSameTime() {
        Account account = registered();
        String unknownEmail = Account.fresh().email();
        requestCode(account.email());
        requestCode(unknownEmail);

        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        Reply knownReply = null;
        Reply unknownReply = null;
        for (int i = 0; i < 9; i++) {
            long start = System.nanoTime();
            knownReply = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}");
            known.add(System.nanoTime() - start);
            start = System.nanoTime();
            unknownReply = api.postJson("/api/auth/forget-password", "{\"email\": \"" + unknownEmail + "\"}");
            unknown.add(System.nanoTime() - start);
        }

        assertEquals(knownReply.status(), unknownReply.status());
        assertEquals(knownReply.json().keySet(), unknownReply.json().keySet());
        assertEquals(knownReply.json().getString("message"), unknownReply.json().getString("message"));
        assertEquals(Tokens.payload(knownReply.json().getString("otp-token")).keySet(), Tokens.payload(unknownReply.json().getString("otp-token")).keySet());
        assertEquals(knownReply.json().getString("otp-token").length(), unknownReply.json().getString("otp-token").length(), 2.0);
        double ratio = (double) median(unknown) / median(known);
        assertTrue(ratio > 0.5 && ratio < 2.0, "median unknown " + median(unknown) + " ns vs registered " + median(known) + " ns");

        // its token leads nowhere, exactly like a wrong code
        assertError(verify(unknownReply.json().getString("otp-token"), unknownEmail, "123456"), 401, "INVALID_OTP");
    }

    @Test
    void fiveWrongCodesKillTheRequestEvenForTheRightCode() {
        Account account = registered();
        String otpToken = requestCode(account.email());
        String code = new Mailbox(account.email()).await(1).code();
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 5; i++) {
            assertError(verify(otpToken, account.email(), wrong), 401, "INVALID_OTP");
        }
        assertError(verify(otpToken, account.email(), code), 401, "INVALID_OTP");
        assertEquals(5, Sql.number("SELECT wrong_codes FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.username = ?",
                account.username()));

        // a newer request does not reset the count: still dead within the window
        String second = requestCode(account.email());
        String secondCode = new Mailbox(account.email()).await(2).code();
        assertError(verify(second, account.email(), secondCode), 401, "INVALID_OTP");
    }

    @Test
    void anotherEmailThanTheRequestsIsAWrongCode() {
        Account account = registered();
        Account other = registered();
        String otpToken = requestCode(account.email());
        String code = new Mailbox(account.email()).await(1).code();

        assertError(verify(otpToken, other.email(), code), 401, "INVALID_OTP");
        assertEquals(1, Sql.number("SELECT wrong_codes FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.username = ?",
                account.username()));
        assertEquals(200, verify(otpToken, account.email(), code).status());
    }

    @Test
    void aNewerRequestSupersedesTheOlderCode() {
        Account account = registered();
        Mailbox mailbox = new Mailbox(account.email());
        String first = requestCode(account.email());
        String firstCode = mailbox.await(1).code();
        String second = requestCode(account.email());
        String secondCode = mailbox.await(2).code();

        assertError(verify(first, account.email(), firstCode), 401, "INVALID_OTP");
        assertEquals(200, verify(second, account.email(), secondCode).status());
    }

    @Test
    void atMostThreeMailsPerAccountPerWindow() {
        Account account = registered();
        long userId = Sql.number("SELECT id FROM users WHERE username = ?", account.username());
        for (int i = 0; i < 4; i++) {
            requestCode(account.email());
        }
        assertTrue(TestEnvironment.service().awaitLog("password reset mail limit reached user_id=" + userId, Duration.ofSeconds(30)));
        Mailbox mailbox = new Mailbox(account.email());
        mailbox.await(3);
        assertEquals(3, mailbox.all().size());
    }

    @Test
    void anExpiredCodeIsRefused() {
        Account account = registered();
        String otpToken = requestCode(account.email());
        String code = new Mailbox(account.email()).await(1).code();
        Sql.update("UPDATE password_resets SET code_expires_at = now() - interval '1 second'"
                + " WHERE user_id = (SELECT id FROM users WHERE username = ?)", account.username());

        assertError(verify(otpToken, account.email(), code), 401, "INVALID_OTP");
    }

    private String resetToken(Account account) {
        String otpToken = requestCode(account.email());
        String code = new Mailbox(account.email()).await(1).code();
        Reply verified = verify(otpToken, account.email(), code);
        assertEquals(200, verified.status(), verified::body);
        return verified.json().getString("reset-token");
    }

    @RepeatedTest(Race.ROUNDS)
    void twoSimultaneousUsesOfOneResetTokenLetExactlyOneSucceed() {
        Account account = registered();
        String resetToken = resetToken(account);

        List<Integer> statuses = Race.run(4, i -> reset(resetToken, NEW_PASSWORD + i).status());

        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses::toString);
        assertEquals(3, statuses.stream().filter(status -> status == 401).count(), statuses::toString);
        assertEquals(1, Sql.number("SELECT password_version FROM users WHERE username = ?", account.username()));
    }

    @Test
    void theOldPasswordIsRefusedAndTheTokenStaysUsable() {
        Account account = registered();
        String resetToken = resetToken(account);

        JsonObject error = assertError(reset(resetToken, account.password()), 400, "BAD_REQUEST");
        assertEquals("Must differ from the current password.", error.getJsonObject("details").getJsonArray("new_password").getString(0));
        assertError(reset(resetToken, "password1"), 400, "BAD_REQUEST");
        assertError(reset(resetToken, account.username() + "-Secret-99"), 400, "BAD_REQUEST");

        assertEquals(200, reset(resetToken, NEW_PASSWORD).status());
    }

    @Test
    void eachStepTakesOnlyItsOwnToken() {
        Account account = registered();
        String accessToken = api.login(account);
        String otpToken = requestCode(account.email());
        String code = new Mailbox(account.email()).await(1).code();

        assertError(verify(accessToken, account.email(), code), 401, "UNAUTHORIZED");
        assertError(verify(null, account.email(), code), 401, "UNAUTHORIZED");
        assertError(reset(otpToken, NEW_PASSWORD), 401, "UNAUTHORIZED");
        assertError(reset(accessToken, NEW_PASSWORD), 401, "UNAUTHORIZED");
        assertError(api.get("/api/tasks", otpToken), 401, "UNAUTHORIZED");

        String resetToken = verify(otpToken, account.email(), code).json().getString("reset-token");
        assertError(verify(resetToken, account.email(), code), 401, "UNAUTHORIZED");
        assertError(api.get("/api/users/me", resetToken), 401, "UNAUTHORIZED");
        assertNotEquals(otpToken, resetToken);
    }

    @Test
    void malformedRequestsAre400() {
        assertError(api.postJson("/api/auth/forget-password", "{\"email\": \"not-an-email\"}"), 400, "BAD_REQUEST");
        assertError(api.postJson("/api/auth/forget-password", "{}"), 400, "BAD_REQUEST");
        assertError(api.postJson("/api/auth/forget-password", "{\"email\": \"a@example.com\", \"username\": \"x\"}"), 400, "BAD_REQUEST");
        String otpToken = requestCode(Account.fresh().email());
        assertError(verify(otpToken, "a@example.com", "12345"), 400, "BAD_REQUEST");
        assertError(verify(otpToken, "a@example.com", "12345a"), 400, "BAD_REQUEST");
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
