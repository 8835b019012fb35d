package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Sql;
import io.taskmanager.support.Tokens;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logout and the other ways a verified token stops counting before it expires. */
class LogoutIT {

    private final Api api = Api.service();

    @Test
    void logoutRevokesExactlyThatTokenUntilItsExpiry() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        String loggedOut = api.login(account);
        String other = api.login(account);

        Reply reply = api.send("POST", "/api/auth/logout", loggedOut, null);

        assertEquals(204, reply.status(), reply::body);
        assertEquals("", reply.body());
        JsonObject error = assertError(api.get("/api/users/me", loggedOut), 401, "UNAUTHORIZED");
        assertEquals("The token was revoked by a logout, a password change or the end of its session, or its account is gone", error.getString("reason"));
        assertError(api.get("/api/tasks", loggedOut), 401, "UNAUTHORIZED");
        assertError(api.send("POST", "/api/auth/logout", loggedOut, null), 401, "UNAUTHORIZED");
        assertEquals(200, api.get("/api/users/me", other).status(), "another session of the same user stays");

        JsonObject claims = Tokens.payload(loggedOut);
        List<Map<String, Object>> rows = Sql.rows("SELECT user_id, expires_at FROM revoked_access_tokens WHERE jti = ?",
                claims.getString("jti"));
        assertEquals(1, rows.size());
        assertEquals(Long.parseLong(claims.getString("sub")), ((Number) rows.get(0).get("user_id")).longValue());
        assertEquals(Instant.ofEpochSecond(claims.getJsonNumber("exp").longValue()),
                ((Timestamp) rows.get(0).get("expires_at")).toInstant());
    }

    @Test
    void logoutAcceptsABodyOrNone() {
        String token = api.freshToken();
        assertEquals(204, api.request("POST", "/api/auth/logout").bearer(token)
                .body("text/plain", "bye".getBytes(StandardCharsets.UTF_8)).send().status());
    }

    @Test
    void logoutNeedsAToken() {
        assertError(api.send("POST", "/api/auth/logout", null, null), 401, "UNAUTHORIZED");
    }

    @Test
    void aPasswordChangeVoidsEveryOlderTokenAndANewLoginWorksAtOnce() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        String before = api.login(account);
        assertEquals(0, Tokens.payload(before).getInt("password_version"));
        long userId = api.userId(before);

        // what a password reset does to the account, applied behind the service's back
        Sql.update("UPDATE users SET password_version = password_version + 1 WHERE id = ?", userId);

        assertError(api.get("/api/users/me", before), 401, "UNAUTHORIZED");
        String after = api.login(account);
        assertEquals(1, Tokens.payload(after).getInt("password_version"));
        assertEquals(200, api.get("/api/users/me", after).status());
    }

    @Test
    void aTokenOfADeletedAccountIs401() {
        String token = api.freshToken();
        long userId = api.userId(token);
        Sql.update("DELETE FROM users WHERE id = ?", userId);

        assertError(api.get("/api/users/me", token), 401, "UNAUTHORIZED");
        assertError(api.send("POST", "/api/tasks", token, "{\"title\": \"orphan\"}"), 401, "UNAUTHORIZED");
        assertTrue(Sql.rows("SELECT 1 FROM tasks WHERE user_id = ?", userId).isEmpty());
    }
}
