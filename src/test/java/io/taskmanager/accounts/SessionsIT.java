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
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Refresh tokens, their rotation and reuse detection, and the sessions a user can see and end. */
class SessionsIT {

    private final Api api = Api.service();

    private record Login(String access, String refresh, long sessionId) {
    }

    private Account registered() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        return account;
    }

    private Login login(Account account, String userAgent) {
        Reply reply = api.request("POST", "/api/auth/login").header("User-Agent", userAgent)
                .json(Json.createObjectBuilder().add("username", account.username()).add("password", account.password())
                        .build().toString()).send();
        assertEquals(200, reply.status(), reply::body);
        return login(reply);
    }

    private static Login login(Reply reply) {
        JsonObject body = reply.json();
        String access = body.getString("token");
        return new Login(access, body.getString("refresh_token"), Tokens.payload(access).getJsonNumber("sid").longValue());
    }

    private Reply refresh(String refreshToken) {
        return api.postJson("/api/auth/refresh", Json.createObjectBuilder().add("refresh_token", refreshToken).build().toString());
    }

    @Test
    void aLoginStartsASessionWithARefreshTokenStoredOnlyAsItsHash() {
        Account account = registered();
        Reply reply = api.postJson("/api/auth/login", Json.createObjectBuilder().add("email", account.email())
                .add("password", account.password()).build().toString());

        assertEquals(200, reply.status(), reply::body);
        assertEquals("no-store", reply.header("Cache-Control").orElseThrow());
        JsonObject body = reply.json();
        assertEquals(List.of("token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"), List.copyOf(body.keySet()));
        String refresh = body.getString("refresh_token");
        assertTrue(refresh.matches("[A-Za-z0-9_-]{43}"), refresh);
        assertEquals(30L * 24 * 3600, body.getJsonNumber("refresh_expires_in").longValue());
        long sessionId = Tokens.payload(body.getString("token")).getJsonNumber("sid").longValue();
        assertEquals(1, Sql.number("SELECT count(*) FROM refresh_tokens WHERE session_id = ? AND NOT spent", sessionId));
        assertEquals(1, Sql.number("SELECT count(*) FROM refresh_tokens WHERE token_hash = sha256(convert_to(?, 'UTF8'))", refresh));
        assertEquals(0, Sql.number("SELECT count(*) FROM refresh_tokens WHERE position(convert_to(?, 'UTF8') IN token_hash) > 0",
                refresh), "the token itself is nowhere in the table");
    }

    @Test
    void aRefreshRotatesBothTokensAndKeepsTheSession() {
        Login first = login(registered(), "curl/8.5");

        Reply reply = refresh(first.refresh());

        assertEquals(200, reply.status(), reply::body);
        assertEquals("no-store", reply.header("Cache-Control").orElseThrow());
        Login second = login(reply);
        assertNotEquals(first.refresh(), second.refresh());
        assertNotEquals(first.access(), second.access());
        assertEquals(first.sessionId(), second.sessionId());
        assertEquals(200, api.get("/api/users/me", second.access()).status());
        assertEquals(200, api.get("/api/tasks", first.access()).status(), "the earlier access token lives until it expires");
        assertEquals(200, refresh(second.refresh()).status(), "the successor is good for one trade too");
    }

    @Test
    void aSpentRefreshTokenPresentedAgainEndsTheWholeSession() {
        Account account = registered();
        Login stolen = login(account, "victim");
        Login otherDevice = login(account, "other device");
        Login rotated = login(refresh(stolen.refresh()));

        JsonObject error = assertError(refresh(stolen.refresh()), 401, "UNAUTHORIZED");

        assertEquals("A valid refresh token is required", error.getString("message"));
        assertError(api.get("/api/tasks", rotated.access()), 401, "UNAUTHORIZED");
        assertError(api.get("/api/tasks", stolen.access()), 401, "UNAUTHORIZED");
        assertError(refresh(rotated.refresh()), 401, "UNAUTHORIZED");
        assertEquals(0, Sql.number("SELECT count(*) FROM sessions WHERE id = ?", stolen.sessionId()));
        assertEquals(200, api.get("/api/tasks", otherDevice.access()).status(), "the user's other session stays");
        assertEquals(200, refresh(otherDevice.refresh()).status());
    }

    @RepeatedTest(Race.ROUNDS)
    void twoTradesOfOneRefreshTokenAtOnceLetExactlyOneSucceed() {
        Login login = login(registered(), "racer");

        List<Integer> statuses = Race.run(4, i -> refresh(login.refresh()).status());

        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses::toString);
        assertEquals(3, statuses.stream().filter(status -> status == 401).count(), statuses::toString);
    }

    @Test
    void refreshTokensThatAreNotOursAre401AndMalformedBodies400() {
        Login login = login(registered(), "probe");
        for (String wrong : List.of("x".repeat(43), "", login.refresh().substring(1) + "A", login.refresh() + "=")) {
            assertError(refresh(wrong), 401, "UNAUTHORIZED");
        }
        // an access token is no refresh token: too long to be one
        assertError(refresh(login.access()), 400, "BAD_REQUEST");
        assertError(api.postJson("/api/auth/refresh", "{}"), 400, "BAD_REQUEST");
        assertError(api.postJson("/api/auth/refresh", "{\"refresh_token\": 5}"), 400, "BAD_REQUEST");
        assertError(api.postJson("/api/auth/refresh", "{\"refresh_token\": \"" + login.refresh() + "\", \"x\": 1}"), 400, "BAD_REQUEST");
        assertError(api.postJson("/api/auth/refresh", "{\"refresh_token\": \"" + "a".repeat(300) + "\"}"), 400, "BAD_REQUEST");
        assertEquals(200, refresh(login.refresh()).status(), "none of that spent the real token");
    }

    @Test
    void theSessionListShowsEachLoginAndWhichOneAsks() {
        Account account = registered();
        Login phone = login(account, "Phone\tApp/1.0");
        Login laptop = login(account, "Laptop");

        Reply reply = api.get("/api/users/me/sessions", laptop.access());

        assertEquals(200, reply.status(), reply::body);
        JsonArray data = reply.json().getJsonArray("data");
        assertEquals(2, data.size(), data::toString);
        JsonObject first = data.getJsonObject(0);
        assertEquals(List.of("id", "created_at", "last_used_at", "ip", "user_agent", "current"), List.copyOf(first.keySet()));
        assertEquals(phone.sessionId(), first.getJsonNumber("id").longValue());
        assertEquals("PhoneApp/1.0", first.getString("user_agent"), "control characters are not shown back");
        assertEquals("127.0.0.1", first.getString("ip"));
        assertFalse(first.getBoolean("current"));
        assertTrue(data.getJsonObject(1).getBoolean("current"));
        assertTrue(first.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), first::toString);
    }

    @Test
    void endingASessionRejectsItsTokensAtOnceAndAnotherUsersSessionIsNotFound() {
        Account account = registered();
        Login ended = login(account, "to end");
        Login asking = login(account, "asking");
        Login stranger = login(registered(), "stranger");

        assertEquals(204, api.send("DELETE", "/api/users/me/sessions/" + ended.sessionId(), asking.access(), null).status());

        assertError(api.get("/api/tasks", ended.access()), 401, "UNAUTHORIZED");
        assertError(refresh(ended.refresh()), 401, "UNAUTHORIZED");
        assertError(api.send("DELETE", "/api/users/me/sessions/" + ended.sessionId(), asking.access(), null), 404, "NOT_FOUND");
        assertError(api.send("DELETE", "/api/users/me/sessions/" + stranger.sessionId(), asking.access(), null), 404, "NOT_FOUND");
        for (String notAnId : List.of("0", "-1", "abc", "99999999999999999999")) {
            assertError(api.send("DELETE", "/api/users/me/sessions/" + notAnId, asking.access(), null), 404, "NOT_FOUND");
        }
        assertEquals(200, api.get("/api/tasks", stranger.access()).status());
        assertEquals(200, api.get("/api/tasks", asking.access()).status());
    }

    @Test
    void endingEveryOtherSessionKeepsTheCallersAndCountsTheRest() {
        Account account = registered();
        Login one = login(account, "one");
        Login two = login(account, "two");
        Login keeper = login(account, "keeper");

        Reply reply = api.send("DELETE", "/api/users/me/sessions", keeper.access(), null);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(Map.of("revoked", 2), Map.of("revoked", reply.json().getInt("revoked")));
        assertError(api.get("/api/tasks", one.access()), 401, "UNAUTHORIZED");
        assertError(refresh(two.refresh()), 401, "UNAUTHORIZED");
        assertEquals(200, api.get("/api/tasks", keeper.access()).status());
        assertEquals(0, api.send("DELETE", "/api/users/me/sessions", keeper.access(), null).json().getInt("revoked"));
    }

    @Test
    void logoutEndsTheSessionRefreshTokenIncluded() {
        Account account = registered();
        Login login = login(account, "leaving");
        Login other = login(account, "staying");

        assertEquals(204, api.send("POST", "/api/auth/logout", login.access(), null).status());

        assertError(refresh(login.refresh()), 401, "UNAUTHORIZED");
        assertEquals(0, Sql.number("SELECT count(*) FROM sessions WHERE id = ?", login.sessionId()));
        assertEquals(200, refresh(other.refresh()).status());
    }

    @Test
    void aPasswordResetEndsEverySessionSoNoRefreshTokenOutlivesIt() {
        Account account = registered();
        Login before = login(account, "before the reset");
        String otpToken = api.postJson("/api/auth/forget-password", Json.createObjectBuilder().add("email", account.email())
                .build().toString()).json().getString("otp-token");
        String code = new Mailbox(account.email()).await(1).code();
        String resetToken = api.send("POST", "/api/auth/verify-otp", otpToken, Json.createObjectBuilder()
                .add("email", account.email()).add("otp", code).build().toString()).json().getString("reset-token");
        assertEquals(200, api.send("POST", "/api/auth/reset-password", resetToken, Json.createObjectBuilder()
                .add("new_password", "a brand new passphrase 7").build().toString()).status());

        assertError(refresh(before.refresh()), 401, "UNAUTHORIZED");
        assertEquals(0, Sql.number("SELECT count(*) FROM sessions WHERE user_id = ?", Long.parseLong(Tokens.payload(before.access()).getString("sub"))));
    }
}
