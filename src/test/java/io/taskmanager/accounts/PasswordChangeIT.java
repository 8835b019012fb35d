package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /api/users/me/password: the holder of a session changes the password. */
class PasswordChangeIT {

    private static final String NEW_PASSWORD = "another fine passphrase 9";

    private final Api api = Api.service();

    private Account registered() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        return account;
    }

    private JsonObject login(Account account) {
        Reply reply = api.postJson("/api/auth/login", Json.createObjectBuilder().add("username", account.username())
                .add("password", account.password()).build().toString());
        assertEquals(200, reply.status(), reply::body);
        return reply.json();
    }

    private Reply change(String token, String current, String next) {
        return api.send("POST", "/api/users/me/password", token, Json.createObjectBuilder()
                .add("current_password", current).add("new_password", next).build().toString());
    }

    private Reply loginWith(Account account, String password) {
        return api.postJson("/api/auth/login", Json.createObjectBuilder().add("username", account.username())
                .add("password", password).build().toString());
    }

    @Test
    void theNewPasswordLogsInTheOldOneNotOtherSessionsEndThisOneStaysAndAMailSaysSo() {
        Account account = registered();
        JsonObject elsewhere = login(account);
        JsonObject here = login(account);

        Reply reply = change(here.getString("token"), account.password(), NEW_PASSWORD);

        assertEquals(200, reply.status(), reply::body);
        assertEquals("Password changed", reply.json().getString("message"));
        assertEquals(200, loginWith(account, NEW_PASSWORD).status());
        assertError(loginWith(account, account.password()), 401, "INVALID_CREDENTIALS");
        assertEquals(200, api.get("/api/tasks", here.getString("token")).status(), "this session stays");
        assertEquals(200, api.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + here.getString("refresh_token") + "\"}").status());
        assertError(api.get("/api/tasks", elsewhere.getString("token")), 401, "UNAUTHORIZED");
        assertError(api.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + elsewhere.getString("refresh_token") + "\"}"),
                401, "UNAUTHORIZED");
        Mailbox.Delivered notice = new Mailbox(account.email()).await(1);
        assertTrue(notice.subject().contains("password was changed"), notice::subject);
        assertTrue(!notice.text().contains(NEW_PASSWORD), "the mail never holds the password");
    }

    @Test
    void aWrongCurrentPasswordIs401AndCountsTowardsTheLockout() {
        Account account = registered();
        String token = login(account).getString("token");

        for (int i = 0; i < 5; i++) {
            assertError(change(token, "wrong password " + i, NEW_PASSWORD), 401, "INVALID_CREDENTIALS");
        }

        Reply locked = change(token, account.password(), NEW_PASSWORD);
        assertError(locked, 429, "TOO_MANY_REQUESTS");
        assertTrue(locked.header("Retry-After").isPresent());
        assertError(loginWith(account, account.password()), 429, "TOO_MANY_REQUESTS");
    }

    @Test
    void theNewPasswordFollowsSignupsRulesAndMustDiffer() {
        Account account = registered();
        String token = login(account).getString("token");

        for (String bad : List.of("short", "password123", account.password(), account.username() + "-and-more")) {
            JsonObject error = assertError(change(token, account.password(), bad), 400, "BAD_REQUEST");
            assertTrue(error.getJsonObject("details").containsKey("new_password"), error::toString);
        }
        assertError(api.send("POST", "/api/users/me/password", token, "{\"current_password\":\"x\"}"), 400, "BAD_REQUEST");
        assertError(api.send("POST", "/api/users/me/password", token, "{\"current_password\":\"x\",\"new_password\":\"y\",\"z\":1}"),
                400, "BAD_REQUEST");
        assertError(change(null, account.password(), NEW_PASSWORD), 401, "UNAUTHORIZED");
        assertEquals(200, loginWith(account, account.password()).status(), "nothing changed");
    }
}
