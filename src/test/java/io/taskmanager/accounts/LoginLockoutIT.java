package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Sql;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Five failed logins on one account within 15 minutes pause its logins, for real and unknown names alike. */
class LoginLockoutIT {

    private final Api api = Api.service();

    private Reply login(String field, String identifier, String password) {
        return api.postJson("/api/auth/login", Json.createObjectBuilder().add(field, identifier).add("password", password).build().toString());
    }

    private static void assertLocked(Reply reply) {
        JsonObject error = assertError(reply, 429, "TOO_MANY_REQUESTS");
        long retryAfter = Long.parseLong(reply.header("Retry-After").orElseThrow());
        assertTrue(retryAfter > 800 && retryAfter <= 901, () -> "Retry-After " + retryAfter);
        assertEquals("Too many failed logins", error.getString("message"));
    }

    @Test
    void theFifthFailureLocksTheAccountEvenForTheRightPassword() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        Account bystander = Account.fresh();
        assertEquals(201, api.signup(bystander).status());

        for (int i = 0; i < 3; i++) {
            assertError(login("username", account.username(), "wrong-" + i), 401, "INVALID_CREDENTIALS");
        }
        // failures through the email count for the same account
        for (int i = 3; i < 5; i++) {
            assertError(login("email", account.email(), "wrong-" + i), 401, "INVALID_CREDENTIALS");
        }

        assertLocked(login("username", account.username(), account.password()));
        assertLocked(login("email", account.email().toUpperCase(), account.password()));
        assertEquals(200, login("username", bystander.username(), bystander.password()).status(), "other accounts are unaffected");

        // the window passes
        long userId = Sql.number("SELECT id FROM users WHERE username = ?", account.username());
        Sql.update("UPDATE login_failures SET window_started_at = now() - interval '16 minutes', locked_until = now() - interval '1 second'"
                + " WHERE subject = ?", "user:" + userId);
        Reply after = login("username", account.username(), account.password());
        assertEquals(200, after.status(), after::body);
        // and the next failure opens a new window instead of extending the old lock
        assertError(login("username", account.username(), "wrong-again"), 401, "INVALID_CREDENTIALS");
        assertEquals(1, Sql.number("SELECT failures FROM login_failures WHERE subject = ?", "user:" + userId));
        assertEquals(0, Sql.number("SELECT count(*) FROM login_failures WHERE subject = ? AND locked_until IS NOT NULL", "user:" + userId));
    }

    @Test
    void anUnknownNameLocksExactlyLikeARealOne() {
        String nobody = Account.fresh().username();
        for (int i = 0; i < 5; i++) {
            assertError(login("username", nobody, "guess-" + i), 401, "INVALID_CREDENTIALS");
        }
        assertLocked(login("username", nobody.toUpperCase(), "guess-5"));
    }

    @Test
    void aSuccessfulLoginStartsTheCountAfresh() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        for (int i = 0; i < 4; i++) {
            assertError(login("username", account.username(), "wrong-" + i), 401, "INVALID_CREDENTIALS");
        }
        assertEquals(200, login("username", account.username(), account.password()).status());
        for (int i = 0; i < 4; i++) {
            assertError(login("username", account.username(), "again-" + i), 401, "INVALID_CREDENTIALS");
        }
        assertEquals(200, login("username", account.username(), account.password()).status());
    }
}
