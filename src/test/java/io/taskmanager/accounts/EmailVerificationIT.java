package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Sql;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Verifying the account's address, and moving to a new one, with a mailed code. */
class EmailVerificationIT {

    private final Api api = Api.service();

    private Account registered() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        return account;
    }

    private Reply requestCode(String token, String email, String password) {
        return api.send("POST", "/api/users/me/email", token, Json.createObjectBuilder()
                .add("email", email).add("current_password", password).build().toString());
    }

    private Reply verify(String token, String code) {
        return api.send("POST", "/api/users/me/email/verify", token, Json.createObjectBuilder().add("otp", code).build().toString());
    }

    private static String newAddress() {
        return Account.fresh().email();
    }

    @Test
    void theAccountsOwnAddressIsVerifiedByTheCodeMailedToIt() {
        Account account = registered();
        String token = api.login(account);
        assertFalse(api.get("/api/users/me", token).json().getBoolean("email_verified"), "unverified after signup");

        Reply requested = requestCode(token, account.email().toUpperCase(Locale.ROOT), account.password());

        assertEquals(202, requested.status(), requested::body);
        assertEquals("A code has been sent", requested.json().getString("message"));
        Mailbox.Delivered mail = new Mailbox(account.email()).await(1);
        assertTrue(mail.subject().contains("email code"), mail::subject);
        Reply verified = verify(token, mail.code());
        assertEquals(200, verified.status(), verified::body);
        JsonObject user = verified.json();
        assertTrue(user.getBoolean("email_verified"));
        assertEquals(account.email().toLowerCase(Locale.ROOT), user.getString("email").toLowerCase(Locale.ROOT));
        assertTrue(api.get("/api/users/me", token).json().getBoolean("email_verified"));
        assertEquals(1, Sql.number("SELECT count(*) FROM email_codes WHERE code_hash IS NULL AND user_id = ?", user.getJsonNumber("id").longValue()),
                "the code is spent");
        assertError(verify(token, mail.code()), 401, "INVALID_OTP");
    }

    @Test
    void aNewAddressBecomesTheAccountsOnlyWhenItsCodeComesBackAndTheOldOneIsTold() {
        Account account = registered();
        String token = api.login(account);
        String moved = newAddress();

        assertEquals(202, requestCode(token, moved, account.password()).status());
        assertEquals(account.email(), api.get("/api/users/me", token).json().getString("email"), "nothing changes before the code");
        String code = new Mailbox(moved).await(1).code();
        JsonObject user = verify(token, code).json();

        assertEquals(moved, user.getString("email"));
        assertTrue(user.getBoolean("email_verified"));
        Mailbox.Delivered notice = new Mailbox(account.email()).await(1);
        assertTrue(notice.subject().contains("address was changed"), notice::subject);
        assertTrue(notice.text().contains(moved), notice::text);
        assertEquals(200, api.postJson("/api/auth/login", Json.createObjectBuilder().add("email", moved)
                .add("password", account.password()).build().toString()).status());
        assertError(api.signup(new Account(Account.fresh().username(), moved, account.password())), 409, "USER_ALREADY_EXISTS");
        assertEquals(201, api.signup(new Account(Account.fresh().username(), account.email(), account.password())).status(),
                "the old address is free again");
    }

    @Test
    void anAddressAnotherAccountHasGetsTheSameAnswerAndNoMail() {
        Account account = registered();
        Account other = registered();
        String token = api.login(account);

        Reply reply = requestCode(token, other.email(), account.password());

        assertEquals(202, reply.status(), reply::body);
        assertEquals("A code has been sent", reply.json().getString("message"));
        assertEquals(0, Sql.number("SELECT count(*) FROM email_codes WHERE lower(email) = lower(?)", other.email()));
        // a mail asked for afterwards arrives; by then the first would have too
        assertEquals(202, requestCode(token, account.email(), account.password()).status());
        new Mailbox(account.email()).await(1);
        assertEquals(List.of(), new Mailbox(other.email()).all());
        assertError(verify(token, "123456"), 401, "INVALID_OTP");
    }

    @Test
    void aWrongPasswordIs401AndCountsTowardsTheLockout() {
        Account account = registered();
        String token = api.login(account);

        assertError(requestCode(token, newAddress(), "not my password"), 401, "INVALID_CREDENTIALS");

        assertEquals(1, Sql.number("SELECT coalesce(sum(failures), 0) FROM login_failures WHERE subject = ?",
                "user:" + api.userId(token)));
    }

    @Test
    void fiveWrongCodesKillTheCodeAndANewerCodeSupersedesTheOlder() {
        Account account = registered();
        String token = api.login(account);
        assertEquals(202, requestCode(token, account.email(), account.password()).status());
        String first = new Mailbox(account.email()).await(1).code();
        assertEquals(202, requestCode(token, account.email(), account.password()).status());
        String second = new Mailbox(account.email()).await(2).code();
        if (!first.equals(second)) {
            assertError(verify(token, first), 401, "INVALID_OTP");
        }

        String wrong = second.equals("000000") ? "000001" : "000000";
        for (int i = first.equals(second) ? 0 : 1; i < 5; i++) {
            assertError(verify(token, wrong), 401, "INVALID_OTP");
        }

        assertError(verify(token, second), 401, "INVALID_OTP");
        assertFalse(api.get("/api/users/me", token).json().getBoolean("email_verified"));
    }

    @Test
    void malformedRequestsAre400() {
        Account account = registered();
        String token = api.login(account);
        for (String address : List.of("not-an-email", "a@b", "x".repeat(250) + "@example.com")) {
            JsonObject error = assertError(requestCode(token, address, account.password()), 400, "BAD_REQUEST");
            assertTrue(error.getJsonObject("details").containsKey("email"), error::toString);
        }
        assertError(api.send("POST", "/api/users/me/email", token, "{\"email\":\"a@example.com\"}"), 400, "BAD_REQUEST");
        for (String otp : List.of("12345", "1234567", "abcdef", "")) {
            assertError(verify(token, otp), 400, "BAD_REQUEST");
        }
        assertError(api.send("POST", "/api/users/me/email/verify", token, "{\"otp\":\"123456\",\"email\":\"x@example.com\"}"),
                400, "BAD_REQUEST");
        assertError(verify(null, "123456"), 401, "UNAUTHORIZED");
    }
}
