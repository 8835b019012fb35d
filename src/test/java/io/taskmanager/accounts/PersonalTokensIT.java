package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Sql;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Personal access tokens: made once, scoped to the task routes, revocable at once. */
class PersonalTokensIT {

    private final Api api = Api.service();

    private Reply create(String token, String body) {
        return api.send("POST", "/api/users/me/tokens", token, body);
    }

    private JsonObject created(String token, String body) {
        Reply reply = create(token, body);
        assertEquals(201, reply.status(), reply::body);
        return reply.json();
    }

    @Test
    void aTokenIsShownOnceStoredAsAHashAndWorksOnTheTaskRoutesWithinItsScopes() {
        String access = api.freshToken();
        long userId = api.userId(access);

        JsonObject made = created(access, "{\"name\":\"ci script\",\"scopes\":[\"tasks:write\",\"tasks:read\"],\"expires_in_days\":7}");

        assertEquals(List.of("id", "name", "scopes", "created_at", "expires_at", "token"), List.copyOf(made.keySet()));
        String pat = made.getString("token");
        assertTrue(pat.matches("tm_pat_[A-Za-z0-9_-]{43}"), pat);
        assertEquals(List.of("tasks:read", "tasks:write"), made.getJsonArray("scopes").getValuesAs(jakarta.json.JsonString::getString));
        Duration lifetime = Duration.between(Instant.parse(made.getString("created_at")), Instant.parse(made.getString("expires_at")));
        assertEquals(Duration.ofDays(7), lifetime);
        assertEquals(1, Sql.number("SELECT count(*) FROM personal_access_tokens WHERE user_id = ? AND token_hash = sha256(convert_to(?, 'UTF8'))",
                userId, pat));

        Reply task = api.send("POST", "/api/tasks", pat, "{\"title\":\"from a script\"}");
        assertEquals(201, task.status(), task::body);
        assertEquals(1, api.get("/api/tasks", access).json().getJsonArray("data").size(), "the owner's task");
        assertEquals(200, api.get("/api/tasks", pat).status());
        assertTrue(task.header("RateLimit").orElseThrow().startsWith("\"tasks\""), "the owner's limit");

        JsonArray listed = api.get("/api/users/me/tokens", access).json().getJsonArray("data");
        assertEquals(1, listed.size());
        assertEquals(List.of("id", "name", "scopes", "created_at", "expires_at", "last_used_at"), List.copyOf(listed.getJsonObject(0).keySet()));
        assertTrue(!listed.toString().contains(pat.substring(7)), "no value in the list");
        assertTrue(listed.getJsonObject(0).getString("last_used_at").matches("\\d{4}-.*Z"));
    }

    @Test
    void aReadTokenCannotWriteAndNoTokenWorksOffTheTaskRoutes() {
        String access = api.freshToken();
        String reader = created(access, "{\"name\":\"reader\",\"scopes\":[\"tasks:read\"]}").getString("token");
        String writer = created(access, "{\"name\":\"writer\",\"scopes\":[\"tasks:write\"]}").getString("token");

        assertEquals(200, api.get("/api/tasks", reader).status());
        JsonObject refused = assertError(api.send("POST", "/api/tasks", reader, "{\"title\":\"no\"}"), 403, "FORBIDDEN");
        assertTrue(refused.getString("reason").contains("tasks:write"), refused::toString);
        assertError(api.send("DELETE", "/api/tasks", reader, null), 403, "FORBIDDEN");
        assertError(api.get("/api/tasks", writer), 403, "FORBIDDEN");
        assertEquals(201, api.send("POST", "/api/tasks", writer, "{\"title\":\"yes\"}").status());

        for (String pat : List.of(reader, writer)) {
            assertError(api.get("/api/users/me", pat), 401, "UNAUTHORIZED");
            assertError(api.get("/api/users/me/tokens", pat), 401, "UNAUTHORIZED");
            assertError(create(pat, "{\"name\":\"escalate\",\"scopes\":[\"tasks:write\"]}"), 401, "UNAUTHORIZED");
            assertError(api.send("POST", "/api/auth/logout", pat, null), 401, "UNAUTHORIZED");
            assertError(api.get("/api/admin/bans", pat), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndAnotherUsersTokenIsNotFound() {
        String access = api.freshToken();
        JsonObject made = created(access, "{\"name\":\"short-lived\",\"scopes\":[\"tasks:read\"]}");
        String stranger = api.freshToken();

        assertError(api.send("DELETE", "/api/users/me/tokens/" + made.getJsonNumber("id"), stranger, null), 404, "NOT_FOUND");
        assertEquals(204, api.send("DELETE", "/api/users/me/tokens/" + made.getJsonNumber("id"), access, null).status());

        assertError(api.get("/api/tasks", made.getString("token")), 401, "UNAUTHORIZED");
        assertError(api.send("DELETE", "/api/users/me/tokens/" + made.getJsonNumber("id"), access, null), 404, "NOT_FOUND");
        for (String notAnId : List.of("0", "abc", "-3", "99999999999999999999")) {
            assertError(api.send("DELETE", "/api/users/me/tokens/" + notAnId, access, null), 404, "NOT_FOUND");
        }
    }

    @Test
    void anExpiredOrForgedTokenIs401() {
        String access = api.freshToken();
        JsonObject made = created(access, "{\"name\":\"expiring\",\"scopes\":[\"tasks:read\"],\"expires_in_days\":1}");
        Sql.update("UPDATE personal_access_tokens SET expires_at = now() - interval '1 second' WHERE id = ?",
                made.getJsonNumber("id").longValue());

        assertError(api.get("/api/tasks", made.getString("token")), 401, "UNAUTHORIZED");
        assertError(api.get("/api/tasks", "tm_pat_" + "A".repeat(43)), 401, "UNAUTHORIZED");
        assertError(api.get("/api/tasks", "tm_pat_short"), 401, "UNAUTHORIZED");
    }

    @Test
    void badRequestsAre400AndMakeNothing() {
        String access = api.freshToken();
        long userId = api.userId(access);
        for (String body : List.of("{\"scopes\":[\"tasks:read\"]}", "{\"name\":\"x\"}", "{\"name\":\"x\",\"scopes\":[]}",
                "{\"name\":\"x\",\"scopes\":[\"admin\"]}", "{\"name\":\"x\",\"scopes\":[\"tasks:read\",\"tasks:read\"]}",
                "{\"name\":\"x\",\"scopes\":\"tasks:read\"}", "{\"name\":\"x\",\"scopes\":[1]}",
                "{\"name\":\"x\",\"scopes\":[\"tasks:read\"],\"expires_in_days\":0}",
                "{\"name\":\"x\",\"scopes\":[\"tasks:read\"],\"expires_in_days\":366}",
                "{\"name\":\"x\",\"scopes\":[\"tasks:read\"],\"expires_in_days\":1.5}",
                "{\"name\":\"" + "n".repeat(101) + "\",\"scopes\":[\"tasks:read\"]}", "{\"name\":\"  \",\"scopes\":[\"tasks:read\"]}",
                "{\"name\":\"a\\nb\",\"scopes\":[\"tasks:read\"]}", "{\"name\":\"x\",\"scopes\":[\"tasks:read\"],\"token\":\"mine\"}")) {
            assertError(create(access, body), 400, "BAD_REQUEST");
        }
        assertEquals(0, Sql.number("SELECT count(*) FROM personal_access_tokens WHERE user_id = ?", userId));
        assertEquals(90, Duration.between(Instant.parse(created(access, "{\"name\":\"default\",\"scopes\":[\"tasks:read\"]}")
                .getString("created_at")), Instant.parse(api.get("/api/users/me/tokens", access).json().getJsonArray("data")
                .getJsonObject(0).getString("expires_at"))).toDays());
    }
}
